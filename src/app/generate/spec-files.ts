// Finds the spec set: the `.feature` files under the configured `features` entries, as POSIX paths
// relative to the project root, sorted bytewise (the order the feature SHA uses).
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { GenerateError } from '../../core/generate/errors.js';
import { featureSha, sha256Hex, sortByPathBytes, type SpecFileDigest } from '../../core/spec/feature-sha.js';

export interface SpecFile extends SpecFileDigest {
  readonly absolute: string;
  readonly text: string;
}

async function walk(fs: FileSystem, dir: string, out: string[]): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(dir, name);
    const info = await fs.stat(full);
    if (info?.kind === 'directory') await walk(fs, full, out);
    else if (info?.kind === 'file' && name.endsWith('.feature')) out.push(full);
  }
}

/** Reads every spec file of `entries` (files or folders relative to `root`). */
export async function readSpecSet(fs: FileSystem, root: string, entries: readonly string[]): Promise<SpecFile[]> {
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.resolve(root, entry);
    const rel = path.relative(root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new GenerateError('UNSAFE_OUTPUT_PATH', `spec entry '${entry}' is outside the project root`, {
        path: 'specgate.yaml',
        hint: 'list spec folders relative to the project root',
      });
    }
    const info = await fs.stat(full);
    if (info?.kind === 'directory') await walk(fs, full, found);
    else if (info?.kind === 'file') found.push(full);
  }
  const unique = [...new Set(found)];
  const files = await Promise.all(
    unique.map(async (absolute) => {
      const bytes = await fs.readFile(absolute);
      return {
        absolute,
        path: path.relative(root, absolute).split(path.sep).join('/'),
        sha256: sha256Hex(bytes),
        text: Buffer.from(bytes).toString('utf8'),
      };
    }),
  );
  return sortByPathBytes(files);
}

/** The feature SHA of a spec set read by readSpecSet. */
export function specSetSha(files: readonly SpecFile[]): string {
  return featureSha(files);
}
