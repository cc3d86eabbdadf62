// The run recorder the pipeline runner drives: keeps manifest.json current after every artifact
// and stage (so the manifest on disk only lists complete files), appends the matching ledger
// checkpoints, and publishes `latest` only once the run has finished. startRun/openRun
// (run-recorder.ts) create it.
import type { Clock } from '../../core/ports.js';
import { assertArtifactName } from '../../core/evidence/artifact-name.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { LedgerAnchor, LedgerAnchors } from '../../core/evidence/anchors.js';
import { finishedManifest, withStatus, withLedgerAnchor, runEndLedgerStatus, withArtifact, withStage, type ArtifactRecord, type Manifest, type SigningInfo } from '../../core/evidence/manifest.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import type { RecoveredRun } from './recover.js';
import { alreadyFinished, stageRecordOf, writeRunFile, type StageEntry } from './recorder-files.js';
import { EVIDENCE_FILE, type FinalRunStatus, type LedgerStage, type LedgerStatus } from '../../core/evidence/vocabulary.js';

export class RunRecorder {
  private current: Manifest;
  /** Serialises manifest updates: stages may write artifacts concurrently. */
  private queue: Promise<unknown> = Promise.resolve();
  private sinceStageStart = new Set<string>();

  constructor(
    private readonly ports: EvidencePorts,
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

  /** One manifest change of a running run, in turn with every other. */
  private mutate(change: (m: Manifest) => Manifest): Promise<void> {
    return this.serial(async () => {
      this.assertRunning();
      await this.update(change);
    });
  }

  private async update(change: (m: Manifest) => Manifest): Promise<void> {
    const next = change(this.current);
    await this.ports.runs.writeManifest(this.runDir, next);
    this.current = next;
  }

  private async checkpoint(stage: LedgerStage, status: LedgerStatus, artifact: string, time: Date): Promise<void> {
    if (!this.autoCheckpoints) return;
    await this.ports.ledger.append(this.reportsDir, [{ time, runId: this.runId, featureSha: this.featureSha, stage, status, artifact }]);
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
        throw alreadyFinished(this.runDir, `run ${this.runId} has finished; only signatures may be added`, name, 'write artifacts before finish(); sign between finish() and publishLatest()');
      }
      const record = await writeRunFile(this.ports.runs, this.runDir, name, content, mediaType);
      if (!this.finished) {
        await this.update((m) => withArtifact(m, record));
        this.sinceStageStart.add(name);
      }
      return record;
    });
  }

  /** Reads back an artifact of this run, or undefined when it was not written. */
  readArtifact(name: string): Promise<string | undefined> {
    assertArtifactName(name);
    return this.ports.runs.readRunFile(this.runDir, name);
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
      await this.update((m) => withStage(m, stageRecordOf(entry, artifacts)));
      this.sinceStageStart = new Set();
      await this.checkpoint(entry.name, entry.status, entry.artifact ?? '-', entry.endedAt);
    });
  }

  setApprovals(approvals: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    return this.mutate((m) => ({ ...m, approvals: [...approvals] }));
  }

  addApproval(approval: Readonly<Record<string, unknown>>): Promise<void> {
    return this.mutate((m) => ({ ...m, approvals: [...m.approvals, { ...approval }] }));
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
        const resumed = withStatus(previous, 'running', this.ports.owners.current());
        await this.ports.owners.writeMarker(this.reportsDir, resumed);
        await this.update(() => resumed);
        if (previous.process.pid !== resumed.process.pid) await this.ports.owners.removeMarker(this.reportsDir, previous);
      } else {
        await this.update((m) => withStatus(m, status));
        // Paused on purpose: the process may exit now without the run being "interrupted".
        await this.ports.owners.removeMarker(this.reportsDir, this.current);
      }
    });
  }

  /** Records where the ledger stood when the run opened or just before it is sealed. */
  setLedgerAnchor(which: keyof LedgerAnchors, anchor: LedgerAnchor): Promise<void> {
    return this.mutate((m) => withLedgerAnchor(m, which, anchor));
  }

  setSigning(signing: SigningInfo): Promise<void> {
    return this.mutate((m) => ({ ...m, signing: { ...signing } }));
  }

  /** Writes the end time and final status, appends `run | <status> | manifest.json`. */
  finish(status: FinalRunStatus, at: Date = this.clock.now()): Promise<Manifest> {
    return this.serial(async () => {
      this.assertRunning();
      // The end checkpoint goes first so the final manifest can anchor it (the seal covers both).
      if (this.autoCheckpoints) {
        const end = await this.ports.ledger.append(this.reportsDir, [{ time: at, runId: this.runId, featureSha: this.featureSha, stage: 'run', status: runEndLedgerStatus(status), artifact: EVIDENCE_FILE.manifest }], { anchor: true });
        if (end.anchor !== undefined) await this.update((m) => withLedgerAnchor(m, 'sealed', end.anchor as LedgerAnchor));
      }
      await this.update((m) => finishedManifest(m, status, at.toISOString()));
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
      await this.ports.runs.swapLatest(this.reportsDir, this.featureSha, this.runId);
      await this.ports.owners.removeMarker(this.reportsDir, this.current);
    });
  }

  private assertRunning(): void {
    if (this.finished) {
      throw alreadyFinished(this.runDir, `run ${this.runId} has already finished (${this.current.status})`, EVIDENCE_FILE.manifest, 'the manifest is final once finish() ran; start a new run');
    }
  }
}
