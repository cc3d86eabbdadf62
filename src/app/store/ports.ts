// What the store use cases (push, pull, audit, migrate, open) reach besides the store itself, as
// ports: the adapters of each store kind, and this machine's evidence — run folders and the
// project's own ledger. src/cli/compose-store.ts wires them to Node; tests may wire fakes.
import type { Clock } from '../../core/ports.js';
import type { LedgerEntry } from '../../core/evidence/checkpoint.js';
import type { LedgerVerification } from '../../core/evidence/verify.js';
import type { StoreLocation } from '../../core/store/location.js';
import type { BlobStore, RunStore } from '../../core/store/ports.js';

/** A project's run folders and its own ledger (reports/audit/checkpoints.log), on this machine. */
export interface LocalEvidence {
  /** Relative POSIX path → bytes of every file under `runDir`: regular files only, bounded. */
  readRunFolder(runDir: string): Promise<Map<string, Uint8Array>>;
  /** Creates `runDir` whole from `files` (appears at once); refuses a folder that has files. */
  writeRunFolder(runDir: string, files: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /** The project ledger's chain recomputed end to end; a missing ledger is an empty, intact one. */
  verifyLedger(reportsDir: string): Promise<LedgerVerification & { readonly path: string }>;
  /** Every checkpoint of the project ledger, parsed, oldest first. */
  ledgerEntries(reportsDir: string): Promise<readonly LedgerEntry[]>;
  /** Chain of line 1 (the ledger's identity), or the genesis chain for an empty ledger. */
  firstLedgerChain(reportsDir: string): Promise<string>;
  /** Every line's text and chain, 1-based, streamed. */
  ledgerLines(reportsDir: string): AsyncIterable<{ readonly line: number; readonly text: string; readonly chain: string }>;
}

/** The central store's two halves, open. */
export interface StoreHalves {
  readonly runs: RunStore;
  readonly blobs: BlobStore;
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly name: string }[];
}

/** One kind of store (a folder, PostgreSQL): how to open it and bring its schema up to date. */
export interface StoreAdapter {
  open(location: StoreLocation, clock: Clock): Promise<StoreHalves>;
  /** Undefined: this kind has no schema (migrating is a no-op that says so). */
  migrate?(location: StoreLocation): Promise<MigrationReport>;
}

/** Adding S3 blobs or another index is adding an entry, not editing the use cases. */
export type StoreAdapters = Readonly<Record<StoreLocation['kind'], StoreAdapter>>;
