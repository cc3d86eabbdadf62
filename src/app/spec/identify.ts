// `specgate id`: the feature SHA of docs/contracts.md §2 from the spec files' bytes alone (no parsing), so
// it always equals `find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`.
import type { FileSystem } from '../../core/ports.js';
import { featureSha, sortByPathBytes, specBranchName, type SpecFileDigest } from '../../core/spec/feature-sha.js';
import { sha256Hex } from '../../core/data.js';
import { loadSpecSources } from './discover.js';

export interface SpecIdentity {
  readonly featureSha: string;
  readonly branch: string;
  readonly files: readonly SpecFileDigest[];
}

export async function identifySpecs(fs: FileSystem, root: string, paths: readonly string[]): Promise<SpecIdentity> {
  const digests = await loadSpecSources(fs, root, paths, (s) => ({ path: s.path, sha256: sha256Hex(s.bytes) }));
  const files = sortByPathBytes(digests);
  const sha = featureSha(files);
  return { featureSha: sha, branch: specBranchName(sha), files };
}
