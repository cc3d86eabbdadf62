// The source files present under `sast.include`, by language: what the SAST scanners should have
// looked at. Symlinks are not followed (a loop cannot trap the walk, a link cannot pull in files
// from outside the project), dependency and hidden folders are skipped, the walk is bounded.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { languageOf, type SourceFile } from '../../core/security/scan-coverage.js';

/** Folders that hold other people's code or tool state, never the project's own sources. */
const SKIPPED = new Set(['node_modules', 'vendor', '__pycache__', 'venv', 'dist', 'build', 'coverage']);
/** A tree this large is not a service's source folder; stop counting rather than stall the run. */
export const INVENTORY_LIMIT = 50_000;

export interface SourceInventory {
  readonly files: readonly SourceFile[];
  /** True when the walk stopped at INVENTORY_LIMIT files. */
  readonly truncated: boolean;
}

export async function sourceInventory(fs: FileSystem, root: string, include: readonly string[]): Promise<SourceInventory> {
  const files = new Map<string, SourceFile>();
  let truncated = false;
  const visit = async (absolute: string): Promise<void> => {
    if (files.size >= INVENTORY_LIMIT) {
      truncated = true;
      return;
    }
    const info = await fs.lstat(absolute).catch(() => undefined);
    if (info === undefined || info.kind === 'symlink' || info.kind === 'other') return;
    const rel = path.relative(root, absolute).split(path.sep).join('/');
    if (rel.startsWith('..')) return;
    if (info.kind === 'file') {
      const language = languageOf(rel);
      if (language !== undefined) files.set(rel, { path: rel, language });
      return;
    }
    const names = await fs.readdir(absolute).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (name.startsWith('.') || SKIPPED.has(name)) continue;
      await visit(path.join(absolute, name));
    }
  };
  for (const folder of include) await visit(path.resolve(root, folder));
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, truncated };
}
