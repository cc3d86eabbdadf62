// What the pipeline runner needs from the evidence store and the ledger (docs/contracts.md §3–§4). The
// store behind it is src/app/evidence; tests may inject an in-memory one.
import type { Mode } from '../../core/config/schema.js';
import type { GateDecision } from './stage.js';
import type { LedgerStatus, RunStatus, StageName, StageStatus } from '../../core/evidence/vocabulary.js';
import type { LedgerAnchor, LedgerAnchors } from '../../core/evidence/anchors.js';

/** Ledger statuses (docs/contracts.md §4). */
export type CheckpointStatus = LedgerStatus;

export interface CheckpointInput {
  readonly time: Date;
  readonly runId: string;
  readonly featureSha: string;
  /** A stage name, or `run` / `approval` for the run's own checkpoints. */
  readonly stage: StageName | 'run' | 'approval';
  readonly status: CheckpointStatus;
  /** Main evidence file relative to the run directory, or `-`. */
  readonly artifact: string;
}

export interface StageRecord {
  readonly name: StageName;
  readonly status: StageStatus | 'interrupted';
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly summary: string;
  readonly artifact?: string;
  readonly gates: readonly GateDecision[];
}

export interface Approval {
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
  /** sha256 of approval-request.json: what exactly was approved. */
  readonly requestDigest: string;
  readonly signature?: string;
  readonly keyFingerprint?: string;
}

export interface RunManifestView {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: Mode;
  readonly initiator: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly stages: readonly {
    readonly name: StageName;
    readonly status: StageStatus | 'interrupted';
    readonly startedAt: string;
    readonly endedAt: string;
    readonly summary: string;
    readonly gates: readonly GateDecision[];
  }[];
  readonly approvals: readonly Approval[];
}

export interface ManifestInit {
  readonly featureSha: string;
  readonly mode: Mode;
  readonly initiator: string;
  readonly startedAt: Date;
  readonly toolVersion: string;
  readonly git?: { readonly commit: string | null; readonly dirty: boolean; readonly branch?: string | null };
  readonly specFiles: readonly { readonly path: string; readonly sha256: string }[];
}

/** One run's evidence folder. */
export interface RunEvidence {
  readonly runId: string;
  readonly runDir: string;
  writeArtifact(name: string, content: string | Uint8Array, mediaType: string): Promise<void>;
  readArtifact(name: string): Promise<string | undefined>;
  recordStage(record: StageRecord): Promise<void>;
  setStatus(status: RunStatus): Promise<void>;
  addApproval(approval: Approval): Promise<void>;
  setSigning(signing: { readonly publicKeyFingerprint: string; readonly algorithm: string } | null): Promise<void>;
  /** Records a ledger anchor (where the chain stood) in the manifest, before it is signed. */
  setLedgerAnchor(which: keyof LedgerAnchors, anchor: LedgerAnchor): Promise<void>;
  manifest(): Promise<RunManifestView>;
  /** Writes the final manifest (end time, status). */
  finish(status: RunStatus): Promise<void>;
  /** Points `latest` at this run; only for finished runs. */
  publishLatest(): Promise<void>;
}

export interface EvidenceStore {
  readonly reportsDir: string;
  claim(init: ManifestInit): Promise<RunEvidence>;
  /** Opens an existing run by id (any feature SHA). Throws a typed error when absent. */
  open(runId: string): Promise<RunEvidence>;
  /**
   * Appends one checkpoint. With `anchor`, returns the line number and chain of the line written
   * (the run's opening and sealing checkpoints are anchored in its signed manifest).
   */
  checkpoint(input: CheckpointInput, options?: { readonly anchor?: boolean }): Promise<LedgerAnchor | undefined>;
  /** The chain, then every finished run's signed anchors and the signed heads (with the trusted key when given). */
  verifyLedger(options?: { readonly publicKeyPem?: string }): Promise<{ readonly ok: boolean; readonly problem?: string }>;
  /**
   * Runs `work` holding the run's exclusive lock, so read-check-append sequences on one run (e.g.
   * two approvals at once) are serialised: the second sees the first's result.
   */
  exclusive<T>(runId: string, work: () => Promise<T>): Promise<T>;
  /** Closes runs whose process died as `interrupted`; returns their ids. */
  recoverInterrupted(now: Date): Promise<readonly string[]>;
}
