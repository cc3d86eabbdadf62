// Opens the evidence store named by `--store`, SPECGATE_STORE_URL or `store:` in specgate.yaml
// (in that order), through a registry of adapters (StoreAdapters, wired by src/cli/compose-store.ts):
// adding S3 blobs or another index is adding an entry, not editing the commands.
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { StoreError } from '../../core/store/errors.js';
import { parseStoreLocation, type StoreLocation } from '../../core/store/location.js';
import type { BlobStore, RunStore } from '../../core/store/ports.js';
import type { LocalEvidence, StoreAdapters } from './ports.js';

export interface OpenStore {
  readonly location: StoreLocation;
  readonly runs: RunStore;
  readonly blobs: BlobStore;
  /** This machine's run folders and project ledger, which push, pull and audit compare with the store. */
  readonly local: LocalEvidence;
  close(): Promise<void>;
}

/** The ports a store session needs: the store adapters and this machine's evidence. */
export interface StoreWiring {
  readonly adapters: StoreAdapters;
  readonly local: LocalEvidence;
  readonly clock: Clock;
}

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

export async function openStore(location: StoreLocation, wiring: StoreWiring): Promise<OpenStore> {
  const { runs, blobs } = await wiring.adapters[location.kind].open(location, wiring.clock);
  return {
    location,
    runs,
    blobs,
    local: wiring.local,
    close: async () => {
      await blobs.close();
      await runs.close();
    },
  };
}
