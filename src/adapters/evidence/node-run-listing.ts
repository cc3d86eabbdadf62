// The Node reads behind `specgate runs`, apart from the whole evidence stack (node-evidence.ts):
// the listing needs folder names, `latest`, the runs index, a manifest reader and a liveness
// check, and importing only those keeps the ledger, lock and writer modules out of its start-up.
import type { RunOwners, RunStore } from '../../core/evidence/ports.js';
import { readLatest } from './latest-link.js';
import { isProcessAlive } from './process-identity.js';
import { listFolder } from './run-folders.js';
import { readManifestSync } from './run-store.js';
import { indexedFacts } from './runs-index.js';

export const nodeRunListingPorts: {
  readonly runs: Pick<RunStore, 'listFolder' | 'readLatest' | 'indexedFacts' | 'readManifestSync'>;
  readonly owners: Pick<RunOwners, 'isAlive'>;
} = {
  runs: { listFolder, readLatest, indexedFacts, readManifestSync },
  owners: { isAlive: isProcessAlive },
};
