// `specgate id`: the feature SHA of docs/contracts.md §2 from the spec files' bytes alone (no parsing), so
// it always equals `find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`.
import type { FileSystem } from '../../core/ports.js';
import { featureShaOfSorted, sortByPathBytes, specBranchName, type SpecFileDigest } from '../../core/spec/feature-sha.js';

export interface SpecIdentity {
  readonly featureSha: string;
  readonly branch: string;
  readonly files: readonly SpecFileDigest[];
}

/**
 * A quick digester of the plain case (folders of small regular files inside the project), or
 * undefined for anything else: then the careful reader runs and words every problem.
 */
export type SpecDigester = (root: string, paths: readonly string[]) => SpecFileDigest[] | undefined;

async function digestCarefully(fs: FileSystem, root: string, paths: readonly string[]): Promise<SpecFileDigest[]> {
  // Loaded only when needed: `specgate id` on a plain tree never pays for the careful reader.
  const [{ loadSpecSources }, { sha256Hex }] = await Promise.all([import('./discover.js'), import('../../core/data.js')]);
  return loadSpecSources(fs, root, paths, (s) => ({ path: s.path, sha256: sha256Hex(s.bytes) }));
}

export async function identifySpecs(fs: FileSystem, root: string, paths: readonly string[], quick?: SpecDigester): Promise<SpecIdentity> {
  const digests = quick?.(root, paths) ?? (await digestCarefully(fs, root, paths));
  const files = sortByPathBytes(digests);
  const sha = featureShaOfSorted(files);
  return { featureSha: sha, branch: specBranchName(sha), files };
}
