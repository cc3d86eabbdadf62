// The contract every pipeline stage implements. The runner (src/app/pipeline/run.ts) owns the
// run directory, the manifest and the ledger; a stage only computes, writes its evidence through
// `ctx.writeArtifact`, and returns a result with its gate decisions.
import type { Clock, FileSystem, ProcessRunner } from '../../core/ports.js';
import type { Mode, SpecgateConfig } from '../../core/config/schema.js';
import type { StageName, StageOutcome } from '../../core/evidence/vocabulary.js';
import type { Signer } from '../../core/security/ports.js';

/** One gate applied in one mode, and why it came out the way it did. */
export interface GateDecision {
  readonly gate: string;
  readonly outcome: 'pass' | 'warn' | 'fail' | 'block';
  readonly reason: string;
}

export interface RunInfo {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: Mode;
  /** Absolute paths. */
  readonly projectRoot: string;
  readonly reportsDir: string;
  readonly runDir: string;
  readonly initiator: string;
  readonly startedAt: Date;
  readonly toolVersion: string;
}

/** Progress events (also the `--json` NDJSON stream of `specgate run`). */
export type PipelineEvent =
  | { readonly type: 'run.started'; readonly runId: string; readonly featureSha: string; readonly mode: Mode; readonly runDir: string }
  | { readonly type: 'stage.started'; readonly stage: StageName }
  /** `resumed`: recorded by an earlier job of this run and replayed by `--resume`, not run now. */
  | { readonly type: 'stage.finished'; readonly stage: StageName; readonly status: StageOutcome; readonly durationMs: number; readonly summary: string; readonly resumed?: true }
  | { readonly type: 'finding'; readonly stage: StageName; readonly severity: 'error' | 'warning'; readonly text: string }
  | { readonly type: 'gate'; readonly stage: StageName; readonly decision: GateDecision }
  | { readonly type: 'log'; readonly stage: StageName; readonly message: string }
  /**
   * What a running stage is doing now: validate's `lint`/`test` (detail: the command), `coverage`,
   * `sast`, `scenarios` (per scenario: `current` of `total` starting, detail: its name).
   */
  | { readonly type: 'stage.step'; readonly stage: StageName; readonly step: string; readonly detail?: string; readonly current?: number; readonly total?: number }
  | { readonly type: 'run.finished'; readonly runId: string; readonly status: string; readonly exitCode: number; readonly runDir: string };

/** The spec set as preflight saw it: computed once per run, before the run id is claimed. */
export interface SpecSnapshot {
  readonly featureSha: string;
  /** POSIX paths relative to the project root, with their sha256. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  /** The spec-validation-report.json document. */
  readonly validationReport: Readonly<Record<string, unknown>>;
  /** The resource-estimates.json document (declared budgets; `measured` filled by deploy). */
  readonly resourceEstimates: Readonly<Record<string, unknown>>;
  readonly errors: number;
  readonly warnings: number;
  /** Findings in compiler form, for progress output. */
  readonly findingLines: readonly string[];
}

export interface StageContext {
  readonly run: RunInfo;
  readonly specs: SpecSnapshot;
  readonly config: SpecgateConfig;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Writes `name` (relative to the run directory) atomically and records it in the manifest. */
  writeArtifact(name: string, content: string | Uint8Array, mediaType: string): Promise<void>;
  /** Reads back an artifact an earlier stage of this run wrote, or undefined. */
  readArtifact(name: string): Promise<string | undefined>;
  /** The run's signer, when a key is configured (stages that sign their own output, e.g. the image). */
  signer?(): Promise<Signer | undefined>;
  emit(event: PipelineEvent): void;
  /** Results of the stages that already ran in this run, in order. */
  readonly previous: ReadonlyMap<StageName, StageResult>;
}

export interface StageResult {
  readonly status: StageOutcome;
  /** One line for humans: what happened. */
  readonly summary: string;
  /** The main evidence file (relative to the run directory): the ledger's artifact column. */
  readonly artifact?: string;
  readonly gates: readonly GateDecision[];
  /** Stage-specific data later stages may read (e.g. preflight's resource totals). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface Stage {
  readonly name: StageName;
  /** One line for `--help` and the progress list. */
  readonly description: string;
  run(ctx: StageContext): Promise<StageResult>;
}

/** A stage whose issue has not landed: it says so, never a fake success. */
export function notAvailable(name: StageName, description: string, reason: string): Stage {
  return {
    name,
    description,
    run: () => Promise.resolve({ status: 'skipped', summary: reason, gates: [] }),
  };
}
