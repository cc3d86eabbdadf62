// `specgate pull`: restores a stored run as a folder that `specgate verify` accepts byte for byte.
// Every blob is re-hashed on the way out: a store that hands back other bytes is caught here.
import { sha256Hex } from '../../core/data.js';
import { StoreError } from '../../core/store/errors.js';
import type { RunRef, StoredRun } from '../../core/store/ports.js';
import type { LocalEvidence, StoreHalves } from './ports.js';

export async function pullRun(store: StoreHalves & { readonly local: LocalEvidence }, ref: RunRef, runDir: string): Promise<StoredRun> {
  const run = await store.runs.getRun(ref);
  if (run === undefined) {
    throw new StoreError('STORE_RUN_NOT_FOUND', `the store ${store.runs.display} has no run ${ref.project} ${ref.featureSha}/${ref.runId}`, {
      hint: 'list what it holds with `specgate runs --store`',
    });
  }
  const files = new Map<string, Uint8Array>();
  for (const f of run.files) {
    const data = await store.blobs.get(f.sha256);
    if (data === undefined || sha256Hex(data) !== f.sha256) {
      throw new StoreError('STORE_REJECTED', `the store returned ${data === undefined ? 'no bytes' : 'other bytes'} for ${f.path} (sha256 ${f.sha256.slice(0, 16)}…)`, {
        hint: 'the blob store lost or altered evidence: restore it from a backup (docs/store.md)',
      });
    }
    files.set(f.path, data);
  }
  await store.local.writeRunFolder(runDir, files);
  return run;
}
