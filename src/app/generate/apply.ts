// The one writer for generation plans. It decides everything before it writes anything: every
// path is checked to stay inside the output root (no `..`, no absolute paths, no symlinked folder
// leading out), scaffolds that already exist are kept, unchanged files are not rewritten. Then every
// file is staged as a durable temp file beside its target and only when all are staged are they
// renamed into place, so a failed write (disk full, permissions) leaves the old tree untouched.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { GenerateError } from '../../core/generate/errors.js';
import { unsafePathReason } from '../../core/generate/naming.js';
import type { PlannedFile } from '../../core/generate/plan.js';
import { GENERATED_MARKERS } from '../../core/generate/templates/typescript.js';

/**
 * Files under `folders` that specgate generated earlier (they start with a generated-file marker)
 * but that the current plan no longer contains — e.g. the port of a deleted feature. Scaffolds and
 * anything people wrote never carry the marker, so they are never candidates.
 */
export async function staleGenerated(fs: FileSystem, outRoot: string, folders: readonly string[], planned: readonly PlannedFile[]): Promise<string[]> {
  const root = path.resolve(outRoot);
  const keep = new Set(planned.map((f) => f.path));
  const stale: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const full = path.join(root, rel);
    const info = await fs.lstat(full);
    if (info?.kind === 'directory') {
      for (const name of await fs.readdir(full)) await walk(`${rel}/${name}`);
    } else if (info?.kind === 'file' && /\.(ts|md|json)$/.test(rel) && !keep.has(rel) && info.size < 1_000_000) {
      const head = (await fs.readText(full)).slice(0, 120);
      if (GENERATED_MARKERS.some((m) => head.startsWith(m))) stale.push(rel);
    }
  };
  for (const folder of folders) await walk(folder);
  return stale.sort();
}

export interface ApplyResult {
  /** Paths (relative to the output root) written or that would be written in a dry run. */
  readonly written: readonly string[];
  /** Scaffolds that already existed and were kept, plus generated files already up to date. */
  readonly kept: readonly string[];
  /** Stale generated files removed (or that would be, in a dry run). */
  readonly removed: readonly string[];
}

/** Resolves `rel` under `root` and refuses anything that would land outside it. */
async function resolveInside(fs: FileSystem, root: string, rel: string): Promise<string> {
  const reason = unsafePathReason(rel);
  if (reason !== undefined) {
    throw new GenerateError('UNSAFE_OUTPUT_PATH', `refusing to write ${JSON.stringify(rel)}: ${reason}`, {
      hint: 'generated paths come from feature names; this is a bug if you see it',
    });
  }
  const target = path.resolve(root, rel);
  const relative = path.relative(root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new GenerateError('UNSAFE_OUTPUT_PATH', `refusing to write ${JSON.stringify(rel)}: outside ${root}`);
  }
  // A symlinked folder inside the output root could still lead out of it.
  const realRoot = (await fs.stat(root)) === undefined ? root : await fs.realpath(root);
  let dir = path.dirname(target);
  while (dir.length >= root.length && dir !== root) {
    const info = await fs.lstat(dir);
    if (info?.kind === 'symlink') {
      const real = await fs.realpath(dir);
      const inside = path.relative(realRoot, real);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        throw new GenerateError('UNSAFE_OUTPUT_PATH', `refusing to write ${rel}: folder ${path.relative(root, dir)} is a symlink leading outside the output folder`, {
          path: path.relative(root, dir),
          hint: 'replace the symlink with a real folder',
        });
      }
    }
    dir = path.dirname(dir);
  }
  return target;
}

export async function applyPlan(fs: FileSystem, outRoot: string, files: readonly PlannedFile[], dryRun: boolean, remove: readonly string[] = []): Promise<ApplyResult> {
  const root = path.resolve(outRoot);
  const writes: { target: string; file: PlannedFile }[] = [];
  const kept: string[] = [];
  for (const file of files) {
    const target = await resolveInside(fs, root, file.path);
    const info = await fs.lstat(target);
    if (info !== undefined && info.kind !== 'file') {
      throw new GenerateError('OUTPUT_NOT_A_FILE', `cannot write ${file.path}: a ${info.kind} is in the way`, {
        path: file.path,
        hint: 'move it away, then generate again',
      });
    }
    if (info !== undefined && file.kind === 'scaffold') {
      kept.push(file.path);
      continue;
    }
    if (info !== undefined && (await fs.readText(target)) === file.content) {
      kept.push(file.path);
      continue;
    }
    writes.push({ target, file });
  }
  if (!dryRun) {
    for (const { target } of writes) await fs.mkdirp(path.dirname(target));
    const tag = randomBytes(6).toString('hex');
    const staged: { temp: string; target: string }[] = [];
    try {
      for (const { target, file } of writes) {
        const temp = path.join(path.dirname(target), `.${path.basename(target)}.specgate-${tag}.tmp`);
        staged.push({ temp, target });
        await fs.writeAtomic(temp, file.content);
      }
    } catch (error) {
      for (const { temp } of staged) await fs.remove(temp).catch(() => undefined);
      throw error;
    }
    for (const { temp, target } of staged) await fs.rename(temp, target);
    for (const rel of remove) await fs.remove(await resolveInside(fs, root, rel));
  }
  return { written: writes.map((w) => w.file.path), kept, removed: [...remove] };
}
