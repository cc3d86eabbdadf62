// The evidence domain's ports (docs/ARCHITECTURE.md): what the use cases of src/app/evidence need
// from the reports folder, the ledger and the processes that own runs. Small role interfaces; the
// Node adapters in src/adapters/evidence implement them and a shell's composition root
// (src/cli/compose-evidence.ts) wires them, so unit tests can hand a use case fakes.
import type { LedgerAnchor } from './anchors.js';
import type { CheckpointFilter, LedgerEntry } from './checkpoint.js';
import type { Checkpoint } from './checkpoint.js';
import type { Manifest, RunProcess } from './manifest.js';
import type { LedgerVerification } from './verify.js';

export interface ClaimedRun {
  readonly runId: string;
  /** Absolute. */
  readonly runDir: string;
}

/** What `specgate runs` shows of one run; the duration is worked out once, when indexed. */
export type ManifestFacts = Pick<Manifest, 'mode' | 'status' | 'initiator' | 'startedAt' | 'endedAt'> & { readonly durationMs: number | null };

/**
 * This machine's run store: the run folders under reports/ (`<feature-sha>/<run-id>/`) with their
 * manifest and artifacts, and each feature's `latest` link. (The organisation's central store is
 * `RunStore` in src/core/store/ports.ts.) Every failure is a typed EvidenceError naming the path.
 */
export interface RunFolders {
  /**
   * Names in a folder of the reports tree; `[]` when it does not exist, REPORTS_NOT_DIRECTORY
   * when it is a file.
   */
  listFolder(dir: string): Promise<string[]>;
  /** Whether `dir` is a folder (following symlinks); false when absent. */
  isFolder(dir: string): Promise<boolean>;
  /**
   * Claims the next free run id for `startedAt` together with its first manifest: a run folder
   * never exists without one, and two claimers never share an id.
   */
  claimRun(reportsDir: string, featureSha: string, startedAt: Date, manifestFor: (runId: string) => Manifest): Promise<ClaimedRun & { readonly manifest: Manifest }>;
  /** Reads and checks a run's manifest; RUN_NOT_FOUND / MANIFEST_INVALID name the path. */
  readManifest(runDir: string): Promise<Manifest>;
  /** Blocking twin of readManifest for listings of thousands; undefined when there is no manifest (yet). */
  readManifestSync(runDir: string): Manifest | undefined;
  /** Atomically replaces the manifest (and notes it in the feature's runs index). */
  writeManifest(runDir: string, manifest: Manifest): Promise<void>;
  /** Facts from the feature's runs index, per run id, while its manifest is unchanged; else undefined. */
  indexedFacts(featureDir: string, runIds: readonly string[]): (ManifestFacts | undefined)[];
  /** The run id `reports/<sha>/latest` names; LATEST_INVALID when it points outside the feature. */
  readLatest(reportsDir: string, featureSha: string): Promise<string | undefined>;
  /** Atomically points `reports/<sha>/latest` at `runId`. */
  swapLatest(reportsDir: string, featureSha: string, runId: string): Promise<void>;
  /** Writes `name` (slash-separated, relative to the run folder) atomically, creating its subfolder. */
  writeRunFile(runDir: string, name: string, bytes: Uint8Array): Promise<void>;
  /** A file of the run as text, or undefined when it cannot be read. */
  readRunFile(runDir: string, name: string): Promise<string | undefined>;
  /**
   * Renames a run folder to `to` (same reports folder, so atomic), creating its parents;
   * ARCHIVE_CONFLICT when `to` exists. `shown` names both ends in messages.
   */
  moveRun(from: string, to: string, shown: { readonly from: string; readonly to: string }): Promise<void>;
}

export interface AppendResult {
  /** Lines written, in order (a quarantine checkpoint may precede yours). */
  readonly lines: readonly string[];
  /** Chain of the last line written. */
  readonly chain: string;
  /** Side file the torn tail was moved to, relative to the reports folder. */
  readonly quarantined?: string;
  /** With `anchor: true`: the 1-based line number and chain of the last line written. */
  readonly anchor?: LedgerAnchor;
}

/** The hash-chained ledger `reports/audit/checkpoints.log` (docs/contracts.md §4). */
export interface Ledger {
  /** Appends checkpoints under the ledger's lock; with `anchor`, returns where the last one landed. */
  append(reportsDir: string, checkpoints: readonly Checkpoint[], options?: { readonly anchor?: boolean }): Promise<AppendResult>;
  /** Entries matching `filter`, and the numbers of lines that do not parse. */
  read(reportsDir: string, filter?: CheckpointFilter): Promise<{ entries: LedgerEntry[]; malformed: number[] }>;
  /** Recomputes the chain; with `expectHead`, also whether that chain value is one of its lines. */
  verify(reportsDir: string, options?: { readonly expectHead?: string; readonly parallelFromBytes?: number }): Promise<LedgerVerification & { readonly path: string }>;
  /** The chain column of each wanted line number (lines past the end are absent). */
  chainsAt(reportsDir: string, wanted: ReadonlySet<number>): Promise<Map<number, string>>;
}

/** A marker of a run in progress, written before its folder exists (crash recovery, docs/evidence.md). */
export interface ActiveMarker {
  readonly file: string;
  /** The run's initial manifest, or undefined when the marker cannot be read. */
  readonly manifest: Manifest | undefined;
}

/**
 * Which process owns a run, and what a crash leaves behind: the markers of runs in progress and
 * the temp files of killed writers.
 */
export interface RunOwners {
  current(): RunProcess;
  isAlive(process: RunProcess): boolean;
  writeMarker(reportsDir: string, manifest: Manifest): Promise<void>;
  removeMarker(reportsDir: string, manifest: Pick<Manifest, 'featureSha' | 'runId' | 'process'>): Promise<void>;
  listMarkers(reportsDir: string): Promise<ActiveMarker[]>;
  /** Removes a marker file listMarkers returned (no error when already gone). */
  dropMarker(file: string): Promise<void>;
  /** Removes the temp files a killed writer left in the run folder; returns them, relative to it. */
  removeTempFiles(runDir: string): Promise<string[]>;
}

/** Cross-process exclusive locks: a lock file held while `work` runs, safe against stale holders. */
export interface Locks {
  withLock<T>(lockFile: string, work: () => Promise<T>): Promise<T>;
}

/** Everything the evidence use cases reach the outside world through. */
export interface EvidencePorts {
  readonly runs: RunFolders;
  readonly ledger: Ledger;
  readonly owners: RunOwners;
  readonly locks: Locks;
}
