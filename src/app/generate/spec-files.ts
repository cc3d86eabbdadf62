// The spec set the generator works from: exactly the files preflight and `specgate id` see
// (src/app/spec/discover.ts implements the feature SHA recipe of docs/contracts.md §2), with their text.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { featureSha, sortByPathBytes, type SpecFileDigest } from '../../core/spec/feature-sha.js';
import { sha256Hex } from '../../core/data.js';
import { loadSpecSources } from '../spec/discover.js';

export interface SpecFile extends SpecFileDigest {
  readonly absolute: string;
  readonly text: string;
}

/** Reads every spec file of `entries` (files or folders relative to `root`), sorted bytewise by path. */
export async function readSpecSet(fs: FileSystem, root: string, entries: readonly string[]): Promise<SpecFile[]> {
  const files = await loadSpecSources(fs, root, entries, (source) => ({
    absolute: path.join(root, ...source.path.split('/')),
    path: source.path,
    sha256: sha256Hex(source.bytes),
    text: Buffer.from(source.bytes).toString('utf8'),
  }));
  return sortByPathBytes(files);
}

/** The feature SHA of a spec set read by readSpecSet. */
export function specSetSha(files: readonly SpecFile[]): string {
  return featureSha(files);
}
