// What the pipeline runner receives from its composition root (src/cli/compose.ts) and what it
// returns: the runner itself never touches disk, git, keys or the clock except through these.
import type { Mode } from '../../core/config/schema.js';
import type { StageSelection } from '../../core/pipeline/select.js';
import type { Clock, FileSystem, ProcessRunner } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import type { RunStatus, StageName } from '../../core/evidence/vocabulary.js';
import type { Project } from '../project.js';
import type { EvidenceStore } from './evidence-port.js';
import type { PipelineEvent, RunInfo, SpecSnapshot, Stage } from './stage.js';

/** ssh-keygen's verdict on an SSH-signed approval. */
export interface SshVerdict {
  readonly ok: boolean;
  /** `SHA256:…` fingerprint of the key that signed, when the signature was accepted. */
  readonly keyFingerprint?: string;
  /** The tool's own words, for the error message. */
  readonly detail: string;
}

/** What signed approvals are made and checked with (approval-signer.ts); the shell wires Node's. */
export interface ApprovalKeys {
  /** Reads the approvers' public keys. */
  readonly fs: Pick<FileSystem, 'readText'>;
  /** `ssh-keygen -Y sign -n specgate-approval`: the armored signature of `data`. */
  readonly sshSign: (keyFile: string, data: Uint8Array) => Promise<string>;
  /** `ssh-keygen -Y verify` of `data` against an allowed_signers file. */
  readonly sshVerify: (allowedSigners: string, principal: string, data: Uint8Array, signature: string) => Promise<SshVerdict>;
  /** Loads an approver's P-256 private key (`specgate approve --key`). */
  readonly loadKey: (project: Project, keyPath: string, env: Readonly<Record<string, string | undefined>>) => Promise<Signer | undefined>;
}

/** Checking approvals needs only the approvers' keys and the SSH verifier. */
export type ApprovalChecking = Pick<ApprovalKeys, 'fs' | 'sshVerify'>;

export interface PipelineDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly toolVersion: string;
  readonly stages: ReadonlyMap<StageName, Stage>;
  /** Reads and validates the spec set (preflight's rules) once per run. */
  readonly snapshotSpecs: (project: Project) => Promise<SpecSnapshot>;
  readonly openEvidence: (project: Project) => EvidenceStore;
  /** git commit and dirty flag of the project, or undefined outside a repository. */
  readonly gitState: (root: string) => Promise<{ commit: string | null; dirty: boolean; branch: string | null } | undefined>;
  /** Loads the signing key and decides the signing gate (docs/contracts.md §6) before the manifest is final. */
  readonly prepareSealing: (run: RunInfo, project: Project) => Promise<Sealing>;
  /** The run's signing key for a stage that signs something itself (the image signature); the key never enters stage env. */
  readonly loadSigner?: (project: Project) => Promise<Signer | undefined>;
  /** Verifies recorded approvals at the compliance approval gate. */
  readonly approvals: ApprovalChecking;
  readonly emit: (event: PipelineEvent) => void;
}

export interface Sealing {
  /** Gate decision on signing: compliance without a key fails the run, sandbox warns. */
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly reason: string;
  /** Recorded in the manifest before it is final; null when the run stays unsigned. */
  readonly signing: { readonly publicKeyFingerprint: string; readonly algorithm: string } | null;
  /** Writes provenance and a signature for every artifact and the final manifest. */
  readonly seal?: () => Promise<void>;
}

export interface RunOptions extends StageSelection {
  readonly cwd: string;
  readonly mode?: Mode;
  readonly resume?: string;
  /**
   * Leave the run open (`paused`) after the selected stages instead of recording the others as
   * skipped, so a later `--resume` (e.g. the next CI job) continues the same run and chain.
   */
  readonly hold?: boolean;
  readonly initiator: string;
}

export interface RunOutcome {
  readonly runId: string;
  readonly featureSha: string;
  readonly runDir: string;
  readonly status: RunStatus;
  readonly exitCode: number;
}
