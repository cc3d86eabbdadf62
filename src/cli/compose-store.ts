// The evidence store's composition root: which adapter serves which store URL (a folder or
// PostgreSQL) and this machine's run folders and project ledger, wired to Node and handed to the
// use cases in src/app/store as ports. The CLI commands, the dashboard's `serve --store`, the
// benchmarks and the store tests open stores through here.
import type { Clock } from '../core/ports.js';
import type { StoreLocation } from '../core/store/location.js';
import { systemClock } from '../adapters/clock.js';
import { readCheckpoints, verifyLedger } from '../adapters/evidence/ledger-file.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { firstLedgerChain, ledgerLines } from '../adapters/store/local-ledger.js';
import { readRunFolder, writeRunFolder } from '../adapters/store/run-folder.js';
import type { LocalEvidence, StoreAdapters } from '../app/store/ports.js';
import { migrateStore as migrateWith, type MigrateReport } from '../app/store/migrate.js';
import { openStore as openWith, type OpenStore } from '../app/store/open.js';
import { openStoreSession as openSessionWith, type SessionOptions, type SessionWiring, type StoreSession } from '../app/store/session.js';

type Pg = Extract<StoreLocation, { kind: 'postgres' }>;
type Folder = Extract<StoreLocation, { kind: 'file' }>;

/** Store URL kind → adapter. The drivers load on first use: `specgate run` never pays for `pg`. */
export const nodeStoreAdapters: StoreAdapters = {
  file: {
    async open(location, clock) {
      const { FileRunStore } = await import('../adapters/store/file-run-store.js');
      const { FileBlobStore } = await import('../adapters/store/file-blob-store.js');
      const root = (location as Folder).path;
      return { runs: new FileRunStore(root, () => clock.now()), blobs: new FileBlobStore(root) };
    },
  },
  postgres: {
    async open(location) {
      const { createPool } = await import('../adapters/store/pg-client.js');
      const { openPgRunStore } = await import('../adapters/store/pg-run-store.js');
      const { PgBlobStore } = await import('../adapters/store/pg-blob-store.js');
      const pool = createPool(location as Pg);
      return { runs: await openPgRunStore(location as Pg, pool), blobs: new PgBlobStore(location as Pg, pool) };
    },
    async migrate(location) {
      const { createPool, migrate } = await import('../adapters/store/pg-client.js');
      const pool = createPool(location as Pg, 1);
      try {
        return await migrate(pool, location as Pg);
      } finally {
        await pool.end().catch(() => undefined);
      }
    },
  },
};

/** The project's run folders and ledger on this machine's disk. */
export const nodeLocalEvidence: LocalEvidence = {
  readRunFolder,
  writeRunFolder,
  verifyLedger: (reportsDir) => verifyLedger(reportsDir),
  ledgerEntries: async (reportsDir) => (await readCheckpoints(reportsDir)).entries,
  firstLedgerChain,
  ledgerLines,
};

/** Every port a store command needs, wired to Node. */
export function nodeStoreWiring(clock: Clock = systemClock): SessionWiring {
  return { adapters: nodeStoreAdapters, local: nodeLocalEvidence, clock, fs: new NodeFileSystem() };
}

/** Opens the store at `location` with the Node adapters. */
export function openStore(location: StoreLocation, clock: Clock = systemClock): Promise<OpenStore> {
  return openWith(location, nodeStoreWiring(clock));
}

/** Brings the store's schema to this version (PostgreSQL); a no-op for a folder. */
export function migrateStore(location: StoreLocation): Promise<MigrateReport> {
  return migrateWith(location, nodeStoreAdapters);
}

/** The project, its store and the open store, for a CLI command; the caller closes the store. */
export function openStoreSession(options: SessionOptions, clock: Clock = systemClock): Promise<StoreSession> {
  return openSessionWith(options, nodeStoreWiring(clock));
}
