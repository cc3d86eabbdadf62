// Binds a run's signed identity to where its evidence sits (issue #13 item 5): a folder in the
// evidence layout `<…>/<feature-sha>/<run-id>` (reports/ or archive/YYYYMMDD/) must hold the
// manifest of that very run, or a whole run copied over another run's id would verify. Pure.
import { isFeatureSha, isRunId } from '../evidence/run-id.js';

export interface RunIdentity {
  /** `matched`: the folder names equal the manifest's; `mismatch`: they differ; `unchecked`: not in the layout. */
  readonly state: 'matched' | 'mismatch' | 'unchecked';
  readonly detail: string;
}

/** The `<feature-sha>/<run-id>` the folder's last two path segments name, if they have that shape. */
export function layoutIdentityOf(folder: string): { featureSha: string; runId: string } | undefined {
  const parts = folder.split(/[\\/]+/).filter((p) => p !== '');
  const runId = parts.at(-1) ?? '';
  const featureSha = parts.at(-2) ?? '';
  return isRunId(runId) && isFeatureSha(featureSha) ? { featureSha, runId } : undefined;
}

/** Compares the manifest's runId and featureSha with the folder names (`folder` already resolved, no `latest`). */
export function checkRunIdentity(folder: string, manifest: Readonly<Record<string, unknown>>): RunIdentity {
  const layout = layoutIdentityOf(folder);
  if (layout === undefined) {
    return { state: 'unchecked', detail: 'the folder is not in the evidence layout <feature-sha>/<run-id>: its run id and feature SHA were not checked against the path' };
  }
  // A hand-assembled manifest (e.g. files signed with `specgate sign`) names no run: nothing to bind.
  if (manifest.runId === undefined && manifest.featureSha === undefined) {
    return { state: 'unchecked', detail: 'the manifest names no run id or feature SHA: the folder names were not checked against it' };
  }
  const differs = (['runId', 'featureSha'] as const)
    .filter((k) => manifest[k] !== layout[k])
    .map((k) => `${k} ${JSON.stringify(manifest[k])} but the folder names ${JSON.stringify(layout[k])}`);
  if (differs.length > 0) return { state: 'mismatch', detail: `the manifest describes another run: ${differs.join('; ')}` };
  return { state: 'matched', detail: `run ${layout.runId} of feature ${layout.featureSha}, as the folder names` };
}
