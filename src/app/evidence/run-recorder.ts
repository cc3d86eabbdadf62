// The run recorder the pipeline runner drives: claims the run, keeps manifest.json current after
// every artifact and stage (so the manifest on disk only lists complete files), appends the
// matching ledger checkpoints, and publishes `latest` only once the run has finished.
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { assertArtifactName } from '../../core/evidence/artifact-name.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { LedgerAnchor, LedgerAnchors } from '../../core/evidence/anchors.js';
import {
  finishedManifest,
  initialManifest,
  withStatus,
  withLedgerAnchor,
  runEndLedgerStatus,
  withArtifact,
  withStage,
  type ArtifactRecord,
  type Manifest,
  type SigningInfo,
} from '../../core/evidence/manifest.js';
import { writeFileAtomic } from '../../adapters/node-fs.js';
import { appendCheckpoint } from '../../adapters/evidence/ledger-file.js';
import { currentProcess } from '../../adapters/evidence/process-identity.js';
import { mapFsError } from '../../adapters/evidence/reports-dir.js';
import { claimRunWithManifest, readManifest, writeManifest } from '../../adapters/evidence/run-store.js';
import { swapLatest } from '../../adapters/evidence/latest-link.js';
import { removeActiveMarker, writeActiveMarker } from '../../adapters/evidence/run-markers.js';
import { isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { recoverInterruptedRuns, type RecoveredRun } from './recover.js';
import { EVIDENCE_FILE, type FinalRunStatus, type LedgerStage, type LedgerStatus, type StageStatus } from '../../core/evidence/vocabulary.js';

export interface StartRunOptions {
  /** Absolute path of the reports folder. */
  readonly reportsDir: string;
  readonly featureSha: string;
  readonly mode: 'sandbox' | 'compliance';
  /** Who started the run (e.g. git user.email or $USER): approvals must come from someone else. */
  readonly initiator: string;
  readonly git: { readonly commit: string | null; readonly dirty: boolean | null; readonly branch?: string | null };
  readonly toolVersion: string;
  readonly clock: Clock;
  /** Defaults to clock.now(). */
  readonly startedAt?: Date;
  /** Close runs left `running` by dead processes first (default true). */
  readonly recover?: boolean;
  /** The spec set behind the feature SHA, recorded in the manifest. */
  readonly specFiles?: readonly { readonly path: string; readonly sha256: string }[];
  /**
   * Append the run's checkpoints (run started/end, stage started/end) automatically (default
   * true). Pass false when the caller appends them itself with appendCheckpoint.
   */
  readonly autoCheckpoints?: boolean;
}

export interface StageEntry {
  readonly name: LedgerStage;
  readonly status: StageStatus;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly summary?: string;
  /** The main evidence file: the ledger's artifact column. */
  readonly artifact?: string;
  /** Every artifact the stage wrote (defaults to the ones written since recordStageStart). */
  readonly artifacts?: readonly string[];
  readonly gates?: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
}

function iso(time: Date): string {
  return time.toISOString();
}

export class RunRecorder {
  private current: Manifest;
  /** Serialises manifest updates: stages may write artifacts concurrently. */
  private queue: Promise<unknown> = Promise.resolve();
  private sinceStageStart = new Set<string>();

  constructor(
    readonly reportsDir: string,
    readonly runDir: string,
    manifest: Manifest,
    private readonly clock: Clock,
    /** Runs this start closed as interrupted. */
    readonly recovered: readonly RecoveredRun[] = [],
    private readonly autoCheckpoints = true,
  ) {
    this.current = manifest;
  }

  get runId(): string {
    return this.current.runId;
  }
  get featureSha(): string {
    return this.current.featureSha;
  }
  /** A snapshot of the manifest as last written. */
  get manifest(): Manifest {
    return this.current;
  }
  /** Finished once finish() wrote an end time; a run paused for approval is not finished. */
  get finished(): boolean {
    return this.current.endedAt !== null;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async update(change: (m: Manifest) => Manifest): Promise<void> {
    const next = change(this.current);
    await writeManifest(this.runDir, next);
    this.current = next;
  }

  private async checkpoint(stage: LedgerStage, status: LedgerStatus, artifact: string, time: Date): Promise<void> {
    if (!this.autoCheckpoints) return;
    await appendCheckpoint(this.reportsDir, { time, runId: this.runId, featureSha: this.featureSha, stage, status, artifact });
  }

  /**
   * Writes `name` (relative to the run folder, at most one subfolder) atomically and records its
   * sha256, size and media type in the manifest. After finish() only signatures (`*.sig`) may be
   * written, and they are not added to the (already signed) manifest.
   */
  writeArtifact(name: string, content: string | Uint8Array, mediaType: string): Promise<ArtifactRecord> {
    assertArtifactName(name);
    return this.serial(async () => {
      if (this.finished && !name.endsWith('.sig')) {
        throw new EvidenceError('RUN_ALREADY_FINISHED', `run ${this.runId} has finished; only signatures may be added`, {
          path: path.join(this.runDir, name),
          hint: 'write artifacts before finish(); sign between finish() and publishLatest()',
        });
      }
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const target = path.join(this.runDir, ...name.split('/'));
      try {
        await fsp.mkdir(path.dirname(target), { recursive: true });
        await writeFileAtomic(target, bytes);
      } catch (error) {
        throw mapFsError(error, target, `write ${name}`);
      }
      const record: ArtifactRecord = { path: name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, mediaType };
      if (!this.finished) {
        await this.update((m) => withArtifact(m, record));
        this.sinceStageStart.add(name);
      }
      return record;
    });
  }

  /** Reads back an artifact of this run, or undefined when it was not written. */
  async readArtifact(name: string): Promise<string | undefined> {
    assertArtifactName(name);
    try {
      return await fsp.readFile(path.join(this.runDir, ...name.split('/')), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Appends `<stage> | started | -` and starts collecting the stage's artifacts. */
  recordStageStart(name: LedgerStage, at: Date = this.clock.now()): Promise<void> {
    return this.serial(async () => {
      this.sinceStageStart = new Set();
      await this.checkpoint(name, 'started', '-', at);
    });
  }

  /** Records a finished stage in the manifest and appends its checkpoint to the ledger. */
  recordStage(entry: StageEntry): Promise<void> {
    if (entry.artifact !== undefined && entry.artifact !== '-') assertArtifactName(entry.artifact);
    for (const name of entry.artifacts ?? []) assertArtifactName(name);
    return this.serial(async () => {
      this.assertRunning();
      const artifacts = entry.artifacts ?? [...this.sinceStageStart];
      await this.update((m) =>
        withStage(m, {
          name: entry.name,
          status: entry.status,
          startedAt: iso(entry.startedAt),
          endedAt: iso(entry.endedAt),
          ...(entry.summary === undefined ? {} : { summary: entry.summary }),
          ...(entry.artifact === undefined ? {} : { artifact: entry.artifact }),
          ...(entry.gates === undefined ? {} : { gates: entry.gates.map((g) => ({ gate: g.gate, outcome: g.outcome, reason: g.reason })) }),
          artifacts,
        }),
      );
      this.sinceStageStart = new Set();
      await this.checkpoint(entry.name, entry.status, entry.artifact ?? '-', entry.endedAt);
    });
  }

  setApprovals(approvals: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      await this.update((m) => ({ ...m, approvals: [...approvals] }));
    });
  }

  addApproval(approval: Readonly<Record<string, unknown>>): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      await this.update((m) => ({ ...m, approvals: [...m.approvals, { ...approval }] }));
    });
  }

  /**
   * Pauses (`awaiting-approval`, `paused`) or resumes (`running`) the run without finishing it.
   * Resuming records this process as the run's owner, so a crash after the resume is detected.
   */
  setStatus(status: 'running' | 'awaiting-approval' | 'paused'): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      if (status === 'running') {
        const previous = this.current;
        const resumed = withStatus(previous, 'running', currentProcess());
        await writeActiveMarker(this.reportsDir, resumed);
        await this.update(() => resumed);
        if (previous.process.pid !== resumed.process.pid) await removeActiveMarker(this.reportsDir, previous);
      } else {
        await this.update((m) => withStatus(m, status));
        // Paused on purpose: the process may exit now without the run being "interrupted".
        await removeActiveMarker(this.reportsDir, this.current);
      }
    });
  }

  /** Records where the ledger stood when the run opened or just before it is sealed. */
  setLedgerAnchor(which: keyof LedgerAnchors, anchor: LedgerAnchor): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      await this.update((m) => withLedgerAnchor(m, which, anchor));
    });
  }

  setSigning(signing: SigningInfo): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      await this.update((m) => ({ ...m, signing: { ...signing } }));
    });
  }

  /** Writes the end time and final status, appends `run | <status> | manifest.json`. */
  finish(status: FinalRunStatus, at: Date = this.clock.now()): Promise<Manifest> {
    return this.serial(async () => {
      this.assertRunning();
      // The end checkpoint goes first so the final manifest can anchor it (the seal covers both).
      if (this.autoCheckpoints) {
        const end = await appendCheckpoint(this.reportsDir, { time: at, runId: this.runId, featureSha: this.featureSha, stage: 'run', status: runEndLedgerStatus(status), artifact: EVIDENCE_FILE.manifest }, { anchor: true });
        if (end.anchor !== undefined) await this.update((m) => withLedgerAnchor(m, 'sealed', end.anchor as LedgerAnchor));
      }
      await this.update((m) => finishedManifest(m, status, iso(at)));
      // The marker stays until publishLatest(): signatures are still being written, and if we die
      // now the next run removes their temp files (the finished status is kept).
      return this.current;
    });
  }

  /**
   * Swaps `reports/<sha>/latest` to this run and ends the recorder's ownership of the run.
   * Refused while the run is still running.
   */
  publishLatest(): Promise<void> {
    return this.serial(async () => {
      if (!this.finished) {
        throw new EvidenceError('RUN_NOT_FINISHED', `run ${this.runId} is still running; latest only ever points to a finished run`, {
          path: this.runDir,
          hint: 'call finish() first',
        });
      }
      await swapLatest(this.reportsDir, this.featureSha, this.runId);
      await removeActiveMarker(this.reportsDir, this.current);
    });
  }

  private assertRunning(): void {
    if (this.finished) {
      throw new EvidenceError('RUN_ALREADY_FINISHED', `run ${this.runId} has already finished (${this.current.status})`, {
        path: path.join(this.runDir, EVIDENCE_FILE.manifest),
        hint: 'the manifest is final once finish() ran; start a new run',
      });
    }
  }
}

/**
 * Starts a run: closes runs left behind by dead processes, claims the run id, writes the marker
 * and the initial manifest (status running), and appends `run | started | manifest.json`.
 */
export async function startRun(options: StartRunOptions): Promise<RunRecorder> {
  const { reportsDir, clock } = options;
  const recovered = options.recover === false ? [] : await recoverInterruptedRuns(reportsDir, clock);
  const startedAt = options.startedAt ?? clock.now();
  const owner = currentProcess();
  const { runId, runDir, manifest } = await claimRunWithManifest(reportsDir, options.featureSha, startedAt, (id) =>
    initialManifest({
      runId: id,
      featureSha: options.featureSha,
      mode: options.mode,
      initiator: options.initiator,
      git: options.git,
      toolVersion: options.toolVersion,
      ...(options.specFiles === undefined ? {} : { specFiles: options.specFiles }),
      startedAt: iso(startedAt),
      process: owner,
    }),
  );
  const auto = options.autoCheckpoints !== false;
  const recorder = new RunRecorder(reportsDir, runDir, manifest, clock, recovered, auto);
  if (auto) {
    const opened = await appendCheckpoint(reportsDir, { time: startedAt, runId, featureSha: options.featureSha, stage: 'run', status: 'started', artifact: EVIDENCE_FILE.manifest }, { anchor: true });
    if (opened.anchor !== undefined) await recorder.setLedgerAnchor('opened', opened.anchor);
  }
  return recorder;
}

/** Finds a run folder by id under any feature SHA (or the given one); RUN_NOT_FOUND otherwise. */
export async function findRunDir(reportsDir: string, runId: string, featureSha?: string): Promise<string> {
  if (!isRunId(runId)) {
    throw new EvidenceError('RUN_ID_INVALID', `'${runId}' is not a run id`, { hint: 'a run id is YYYYMMDDHHMMSS or YYYYMMDDHHMMSS-N, as `specgate runs` lists' });
  }
  let features: string[];
  try {
    features = featureSha !== undefined ? [featureSha] : (await fsp.readdir(reportsDir)).filter(isFeatureSha).sort();
  } catch (error) {
    throw mapFsError(error, reportsDir, 'read the reports folder');
  }
  for (const sha of features) {
    const dir = path.join(reportsDir, sha, runId);
    if ((await fsp.stat(dir).catch(() => undefined))?.isDirectory()) return dir;
  }
  throw new EvidenceError('RUN_NOT_FOUND', `no run ${runId} under the reports folder`, { path: reportsDir, hint: 'list runs with `specgate runs` (archived runs are under archive/)' });
}

/** Opens an existing run (e.g. one awaiting approval) to record more of it. */
export async function openRun(reportsDir: string, runId: string, clock: Clock, options: { featureSha?: string; autoCheckpoints?: boolean } = {}): Promise<RunRecorder> {
  const runDir = await findRunDir(reportsDir, runId, options.featureSha);
  const manifest = await readManifest(runDir);
  return new RunRecorder(reportsDir, runDir, manifest, clock, [], options.autoCheckpoints !== false);
}
