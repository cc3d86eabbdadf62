// Opens the evidence store named by `--store`, SPECGATE_STORE_URL or `store:` in specgate.yaml
// (in that order), through a registry of adapters: adding S3 blobs or another index is adding an
// entry, not editing the commands.
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { StoreError } from '../../core/store/errors.js';
import { parseStoreLocation, type StoreLocation } from '../../core/store/location.js';
import type { BlobStore, RunStore } from '../../core/store/ports.js';

export interface OpenStore {
  readonly location: StoreLocation;
  readonly runs: RunStore;
  readonly blobs: BlobStore;
  close(): Promise<void>;
}

type Opener = (location: StoreLocation, clock: Clock) => Promise<Pick<OpenStore, 'runs' | 'blobs'>>;

const ADAPTERS: Readonly<Record<StoreLocation['kind'], Opener>> = {
  file: async (location, clock) => {
    const { FileRunStore } = await import('../../adapters/store/file-run-store.js');
    const { FileBlobStore } = await import('../../adapters/store/file-blob-store.js');
    const root = (location as Extract<StoreLocation, { kind: 'file' }>).path;
    return { runs: new FileRunStore(root, () => clock.now()), blobs: new FileBlobStore(root) };
  },
  postgres: async (location) => {
    const pg = location as Extract<StoreLocation, { kind: 'postgres' }>;
    const { createPool } = await import('../../adapters/store/pg-client.js');
    const { openPgRunStore } = await import('../../adapters/store/pg-run-store.js');
    const { PgBlobStore } = await import('../../adapters/store/pg-blob-store.js');
    const pool = createPool(pg);
    return { runs: await openPgRunStore(pg, pool), blobs: new PgBlobStore(pg, pool) };
  },
};

export const STORE_ENV = 'SPECGATE_STORE_URL';

/** Where the store is, or undefined when none is configured anywhere. */
export function storeLocation(o: { readonly flag?: string; readonly env: Readonly<Record<string, string | undefined>>; readonly configured?: string; readonly cwd: string; readonly projectRoot: string }): StoreLocation | undefined {
  if (o.flag !== undefined) return parseStoreLocation(o.flag, '--store', (d) => path.resolve(o.cwd, d));
  const fromEnv = o.env[STORE_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseStoreLocation(fromEnv, STORE_ENV, (d) => path.resolve(o.cwd, d));
  if (o.configured !== undefined) return parseStoreLocation(o.configured, 'specgate.yaml store', (d) => path.resolve(o.projectRoot, d));
  return undefined;
}

export function requireStore(location: StoreLocation | undefined): StoreLocation {
  if (location !== undefined) return location;
  throw new StoreError('STORE_URL_INVALID', 'no evidence store is configured', {
    hint: `set \`store: postgres://USER@HOST/DB\` in specgate.yaml, export ${STORE_ENV}, or pass --store (a folder works too)`,
  });
}

export async function openStore(location: StoreLocation, clock: Clock): Promise<OpenStore> {
  const { runs, blobs } = await ADAPTERS[location.kind](location, clock);
  return {
    location,
    runs,
    blobs,
    close: async () => {
      await blobs.close();
      await runs.close();
    },
  };
}
