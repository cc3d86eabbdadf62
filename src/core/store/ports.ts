// The evidence store's ports (docs/store.md): one index of runs and one organisation-wide ledger
// (RunStore), and the bytes of every evidence file addressed by their sha256 (BlobStore). Two
// adapters each: a folder (src/adapters/store/file-*.ts) and PostgreSQL (pg-*.ts). The index and
// the bytes sit behind separate ports so they can scale apart (object storage for blobs later).

import type { LedgerVerification } from '../evidence/verify.js';

/** Which run: runs are unique per project, feature SHA and run id across the organisation. */
export interface RunRef {
  readonly project: string;
  readonly featureSha: string;
  readonly runId: string;
}

/** What the queries filter on, taken from the run's manifest and deploy report at push time. */
export interface RunFacts {
  readonly mode: string;
  readonly status: string;
  readonly initiator: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** null only for a run stored unsigned while paused, awaiting approval or interrupted. */
  readonly keyFingerprint: string | null;
  /** The deploy target the run deployed to, if it deployed. */
  readonly environment: string | null;
  /** The run's release was serving when its deploy finished. */
  readonly serving: boolean;
}

export interface StoredFile {
  /** POSIX path relative to the run folder. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** The identity of the pushing project's own ledger at push time (its first line's chain) and its head. */
export interface LocalLedgerHead {
  readonly ledgerId: string;
  readonly lines: number;
  readonly head: string;
}

/** A ledger line's text (before ` | <chain>`) and the chain it had in the project's own ledger. */
export interface PushedCheckpoint {
  readonly text: string;
  readonly localChain: string;
}

/** Everything one push writes, all verified before it reaches the store. */
export interface PushRecord {
  readonly ref: RunRef;
  readonly facts: RunFacts;
  /** sha256 over the sorted `sha256  path` lines of every file: equal digests mean the same run. */
  readonly bundleDigest: string;
  readonly files: readonly StoredFile[];
  readonly checkpoints: readonly PushedCheckpoint[];
  readonly localLedger: LocalLedgerHead;
}

export interface PushOutcome {
  /** `unchanged`: this exact run was already stored (idempotent re-push). `revised`: a paused run, now further along. */
  readonly state: 'stored' | 'revised' | 'unchanged';
  readonly revision: number;
  readonly centralLines: number;
  readonly centralHead: string;
}

export interface StoredRunSummary extends RunRef, RunFacts {
  readonly revision: number;
  readonly pushedAt: string;
}

export interface StoredRun extends StoredRunSummary {
  readonly bundleDigest: string;
  readonly files: readonly StoredFile[];
}

export interface RunQuery {
  readonly project?: string;
  readonly featureSha?: string;
  readonly status?: string;
  readonly mode?: string;
  /** ISO times: runs started at or after `from`, before `to`. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  /** Opaque cursor from the previous page's `next`. */
  readonly after?: string;
}

export interface RunPage {
  readonly runs: readonly StoredRunSummary[];
  /** Cursor for the next page; absent on the last page. */
  readonly next?: string;
}

/** Per project and environment, the newest run whose release was serving when it finished. */
export interface ServingRun extends StoredRunSummary {
  readonly environment: string;
}

export interface LedgerHeadRecord extends LocalLedgerHead {
  readonly featureSha: string;
  readonly runId: string;
}

/** Retention in the store: runs past it are archived (hidden from listings), never deleted. */
export interface ArchivePolicy {
  /** Runs kept per project and feature SHA (the newest is always kept). */
  readonly keep: number;
  /** Also archive runs started before this ISO time (except each feature's newest). */
  readonly olderThan?: string;
  readonly project?: string;
  readonly dryRun?: boolean;
}

/** The run index and the organisation-wide ledger. Append-only: nothing here updates or deletes. */
export interface RunStore {
  /** Where it is, safe to print (no password). */
  readonly display: string;
  /** Stores a verified run and appends its checkpoints to the central chain, all or nothing. */
  push(record: PushRecord): Promise<PushOutcome>;
  /** The public keys (SPKI PEM) trusted to sign this project's runs. */
  trustedKeys(project: string): Promise<readonly string[]>;
  trustKey(project: string, publicKeyPem: string, fingerprint: string): Promise<void>;
  /** The newest revision of a run, with its files. */
  getRun(ref: RunRef): Promise<StoredRun | undefined>;
  /** Newest first, one page at a time. */
  listRuns(query: RunQuery): Promise<RunPage>;
  serving(project?: string): Promise<readonly ServingRun[]>;
  /**
   * Archives finished runs beyond the policy (never one paused, awaiting approval or whose release
   * serves); returns them. Archived runs leave the listings; their evidence stays.
   */
  archiveRuns(policy: ArchivePolicy): Promise<readonly RunRef[]>;
  /** The central ledger as `line\n` bytes, oldest first, streamed in chunks. */
  ledgerChunks(): AsyncIterable<Uint8Array>;
  /**
   * Optional: the whole central chain checked on every core. Undefined when not offered or not
   * worth it; a result that is not ok is never returned (the caller streams `ledgerChunks()` to
   * name the first bad line), so only an intact chain comes back from here.
   */
  verifyLedgerInParallel?(options?: { readonly fromLines?: number; readonly slices?: number }): Promise<(LedgerVerification & { readonly ranges: number }) | undefined>;
  /** The checkpoints this project pushed, with the chains they had in its own ledger. */
  pushedCheckpoints(project: string): Promise<readonly PushedCheckpoint[]>;
  /** The project ledger heads recorded with each push, oldest first. */
  ledgerHeads(project: string): Promise<readonly LedgerHeadRecord[]>;
  close(): Promise<void>;
}

/** Content-addressed evidence bytes: a blob is stored once, whatever number of runs list it. */
export interface BlobStore {
  /** The digests not stored yet. */
  missing(digests: readonly string[]): Promise<readonly string[]>;
  /** Stores bytes under their sha256; refuses bytes that do not hash to `sha256`. Idempotent. */
  put(sha256: string, data: Uint8Array): Promise<void>;
  get(sha256: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}
