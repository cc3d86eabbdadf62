// The spec set of a project as DESIGN.md §2 defines it for the feature SHA: every `*.feature` file
// under the configured `features` paths, like `find features -name '*.feature'` (directory
// symlinks are not followed, as find does not follow them).
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { UsageError } from '../../core/errors.js';
import { featureSha, sha256Hex, sortByPathBytes, type SpecFileDigest } from '../../core/spec/feature-sha.js';

export interface SpecSet {
  readonly featureSha: string;
  readonly files: readonly SpecFileDigest[];
}

export async function readSpecSet(fs: FileSystem, root: string, featurePaths: readonly string[]): Promise<SpecSet> {
  const found = new Set<string>();
  for (const entry of featurePaths) {
    const abs = path.resolve(root, entry);
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new UsageError('PATH_OUTSIDE_ROOT', `features path '${entry}' is outside the project root ${root}`, {
        path: 'specgate.yaml',
        hint: 'list spec folders relative to the project root in `features:`',
      });
    }
    const info = await fs.stat(abs);
    if (info === undefined) {
      throw new UsageError('PATH_NOT_FOUND', `features path '${entry}' does not exist under ${root}`, {
        path: 'specgate.yaml',
        hint: 'create it (specgate init writes an example) or fix `features:` in specgate.yaml',
      });
    }
    if (info.kind === 'file') found.add(abs);
    else await walk(fs, abs, found);
  }
  const files: SpecFileDigest[] = [];
  for (const abs of found) {
    files.push({ path: path.relative(root, abs).split(path.sep).join('/'), sha256: sha256Hex(await fs.readFile(abs)) });
  }
  if (files.length === 0) {
    throw new UsageError('INPUT_INVALID', `no *.feature files under ${featurePaths.join(', ')} in ${root}`, {
      hint: 'write a spec first (`specgate init` adds an example) or fix `features:` in specgate.yaml',
    });
  }
  const sorted = sortByPathBytes(files);
  return { featureSha: featureSha(sorted), files: sorted };
}

async function walk(fs: FileSystem, dir: string, found: Set<string>): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const abs = path.join(dir, name);
    const info = await fs.lstat(abs);
    if (info?.kind === 'directory') await walk(fs, abs, found);
    else if (name.endsWith('.feature') && (info?.kind === 'file' || (info?.kind === 'symlink' && (await fs.stat(abs))?.kind === 'file'))) found.add(abs);
  }
}
