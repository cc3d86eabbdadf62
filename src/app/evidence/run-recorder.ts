// Starting and reopening runs: startRun closes runs left behind by dead processes, claims the run
// id and writes the first manifest; openRun reopens a paused run. The RunRecorder they return
// (recorder.ts) records everything after that. The run store, ledger and process identity come in
// as ports (src/core/evidence/ports.ts); src/cli/compose-evidence.ts wires the Node ones.
import type { Clock } from '../../core/ports.js';
import { initialManifest } from '../../core/evidence/manifest.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import { recoverInterruptedRuns } from './recover.js';
import { RunRecorder } from './recorder.js';
import { findRunDir } from './runs.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export { RunRecorder } from './recorder.js';
export type { StageEntry } from './recorder-files.js';

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

/**
 * Starts a run: closes runs left behind by dead processes, claims the run id, writes the marker
 * and the initial manifest (status running), and appends `run | started | manifest.json`.
 */
export async function startRun(ports: EvidencePorts, options: StartRunOptions): Promise<RunRecorder> {
  const { reportsDir, clock } = options;
  const recovered = options.recover === false ? [] : await recoverInterruptedRuns(ports, reportsDir, clock);
  const startedAt = options.startedAt ?? clock.now();
  const owner = ports.owners.current();
  const { runId, runDir, manifest } = await ports.runs.claimRun(reportsDir, options.featureSha, startedAt, (id) =>
    initialManifest({
      runId: id,
      featureSha: options.featureSha,
      mode: options.mode,
      initiator: options.initiator,
      git: options.git,
      toolVersion: options.toolVersion,
      ...(options.specFiles === undefined ? {} : { specFiles: options.specFiles }),
      startedAt: startedAt.toISOString(),
      process: owner,
    }),
  );
  const auto = options.autoCheckpoints !== false;
  const recorder = new RunRecorder(ports, reportsDir, runDir, manifest, clock, recovered, auto);
  if (auto) {
    const opened = await ports.ledger.append(reportsDir, [{ time: startedAt, runId, featureSha: options.featureSha, stage: 'run', status: 'started', artifact: EVIDENCE_FILE.manifest }], { anchor: true });
    if (opened.anchor !== undefined) await recorder.setLedgerAnchor('opened', opened.anchor);
  }
  return recorder;
}

/** Opens an existing run (e.g. one awaiting approval) to record more of it. */
export async function openRun(
  ports: EvidencePorts,
  reportsDir: string,
  runId: string,
  clock: Clock,
  options: { featureSha?: string; autoCheckpoints?: boolean } = {},
): Promise<RunRecorder> {
  const runDir = await findRunDir(ports, reportsDir, runId, options.featureSha);
  const manifest = await ports.runs.readManifest(runDir);
  return new RunRecorder(ports, reportsDir, runDir, manifest, clock, [], options.autoCheckpoints !== false);
}
