// Finds and reads the spec set the way the feature SHA recipe of docs/contracts.md §2 does
// (`find features -name '*.feature'`): every entry named *.feature, symlinked directories are not
// followed (so a symlink loop cannot trap us), paths are POSIX and relative to the project root.
// Paths named on the command line are followed even when they are symlinks.
// Specs come from pull requests, so they are hostile input: a spec (or a spec path in the config)
// that resolves outside the project is never read, nothing but a regular file is read (no FIFO,
// no /dev/zero), and no spec is read past MAX_SPEC_BYTES (docs/security.md).
import * as path from 'node:path';
import type { FileInfo, FileSystem } from '../../core/ports.js';
import { InterruptedError } from '../../core/errors.js';
import { SpecError } from '../../core/spec/errors.js';
import { mapLimit } from '../../core/async.js';
import { printable } from '../../core/printable.js';
import { isInside, readUntrusted, readUntrustedSync, reasonOf } from '../untrusted-read.js';

export interface SpecSource {
  /** POSIX path relative to the project root: the manifest and finding path. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Larger specs are refused unread: a generous cap that still bounds memory for hostile trees. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

/** Open files at most this many at a time: 10,000 specs must not exhaust file descriptors. */
export const READ_CONCURRENCY = 32;
/**
 * Spec files are small: a blocking read costs a few microseconds, an async one four thread-pool
 * round trips (open, fstat, read, close) that cost several times the read itself. The blocking
 * path yields to the event loop after this many files.
 */
const YIELD_EVERY = 256;

export function toRootRelative(root: string, absolute: string, shown: string): string {
  // The common case, a normalised path below the root, without path.relative's general work.
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  if (absolute.startsWith(prefix) && !absolute.includes(`${path.sep}..`) && !absolute.includes(`${path.sep}.${path.sep}`)) {
    const rest = absolute.slice(prefix.length);
    return path.sep === '/' ? rest : rest.split(path.sep).join('/');
  }
  const rel = path.relative(root, absolute);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new SpecError('SPEC_OUTSIDE_ROOT', `this spec path is outside the project root ${root}`, {
      path: shown,
      hint: 'spec paths are recorded relative to the project root (the folder holding specgate.yaml); move the file inside it or run specgate from the right project',
    });
  }
  return rel.split(path.sep).join('/');
}

/** stat/lstat that turns a symlink loop or a permission problem into a SpecError (exit 2). */
async function inspect(fs: FileSystem, target: string, how: 'stat' | 'lstat'): Promise<FileInfo | undefined> {
  try {
    return await (how === 'stat' ? fs.stat(target) : fs.lstat(target));
  } catch (error) {
    throw new SpecError('SPEC_UNREADABLE', `cannot inspect this path: ${reasonOf(error)}`, { path: target, cause: error, hint: 'fix or remove it, or leave it out of the spec paths' });
  }
}

async function walk(fs: FileSystem, dir: string, out: string[]): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    throw new SpecError('SPEC_UNREADABLE', `cannot list this folder: ${reasonOf(error)}`, { path: dir, cause: error, hint: 'make the folder readable or leave it out of the spec paths' });
  }
  // An entry named *.feature is a spec whatever it is; if it is not a readable file, reading
  // it reports that. Only other names need an lstat, to descend into real folders.
  const others: string[] = [];
  for (const name of names) {
    if (name.endsWith('.feature')) out.push(`${dir}${path.sep}${name}`);
    else others.push(path.join(dir, name));
  }
  await mapLimit(others, READ_CONCURRENCY, async (child) => {
    if ((await inspect(fs, child, 'lstat'))?.kind === 'directory') await walk(fs, child, out);
  });
}

/** A spec path named in config or on the command line (maybe via symlinks) must resolve inside the project. */
async function confinePath(fs: FileSystem, root: string, absolute: string, shown: string): Promise<void> {
  const [realRoot, realPath] = await Promise.all([fs.realpath(root), fs.realpath(absolute)]);
  if (!isInside(realRoot, realPath)) {
    throw new SpecError('SPEC_OUTSIDE_ROOT', `this spec path resolves to ${realPath}, outside the project root`, {
      path: shown,
      hint: 'spec paths must be inside the project (the folder holding specgate.yaml); a symlink to something outside it is refused',
    });
  }
}

/** Lists the spec files under `paths` (absolute or relative to `root`), deduplicated. */
export async function discoverSpecs(fs: FileSystem, root: string, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(root, given);
    const info = await inspect(fs, absolute, 'stat');
    if (info === undefined) {
      const dangling = (await inspect(fs, absolute, 'lstat')) !== undefined;
      const shown = path.relative(root, absolute).startsWith('..') ? absolute : path.relative(root, absolute) || '.';
      throw new SpecError(dangling ? 'SPEC_UNREADABLE' : 'SPEC_PATH_NOT_FOUND', dangling ? 'a symlink to nothing' : 'no such file or directory', {
        path: shown,
        hint: 'pass existing .feature files or folders, or set `features` in specgate.yaml (default: features/)',
      });
    }
    await confinePath(fs, root, absolute, given);
    if (info.kind === 'directory') await walk(fs, absolute, found);
    else found.push(absolute);
  }
  return [...new Set(found)];
}

/** One line of the SPEC_UNREADABLE list: the name, escaped to one printable line, and why. */
function unreadableLine(rel: string, reason: string): string {
  // readdir returns a name that is not UTF-8 with U+FFFD for the bad bytes; opening that finds nothing.
  const notUtf8 = rel.includes('\uFFFD') && reason === reasonOf({ code: 'ENOENT' });
  return `${printable(rel)}: ${notUtf8 ? 'its name is not valid UTF-8, so it cannot be opened by name; rename it' : reason}`;
}

/**
 * Reads every spec file and hands each to `use` as soon as it arrives, so parsing overlaps the
 * reads still in flight. Every unreadable file is collected into a single error.
 */
export async function readSpecs<T>(
  fs: FileSystem,
  root: string,
  files: readonly string[],
  use: (source: SpecSource) => T,
  signal?: AbortSignal,
): Promise<T[]> {
  const unreadable: string[] = [];
  const seen = new Set<string>();
  const results: T[] = [];
  /** The file's root-relative path, or undefined when it was already read or cannot be read. */
  const accept = (absolute: string): string | undefined => {
    // Ctrl-C on a large spec set stops between files, not after the last one.
    if (signal?.aborted) throw new InterruptedError('interrupted while reading the spec files');
    const rel = toRootRelative(root, absolute, absolute);
    if (seen.has(rel)) return undefined;
    seen.add(rel);
    return rel;
  };
  const realRoot = await fs.realpath(root);
  const record = (rel: string, bytes: Uint8Array | string): SpecSource | undefined => {
    if (typeof bytes !== 'string') return { path: rel, bytes };
    unreadable.push(unreadableLine(rel, bytes));
    return undefined;
  };
  /** The spec's source, or undefined (reason recorded); a regular file without a promise, a symlink resolved. */
  const readOne = (absolute: string, rel: string): SpecSource | undefined | Promise<SpecSource | undefined> => {
    const bytes = readUntrustedSync(fs, absolute, MAX_SPEC_BYTES);
    return bytes === undefined ? readUntrusted(fs, realRoot, absolute, MAX_SPEC_BYTES).then((b) => record(rel, b)) : record(rel, bytes);
  };
  if (fs.readBoundedSync) {
    // One file open at a time, in the calling thread: no descriptor pressure at any corpus size,
    // and the event loop gets a turn every YIELD_EVERY files so a signal can still be seen.
    for (let i = 0; i < files.length; i += 1) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      const rel = accept(files[i] as string);
      if (rel === undefined) continue;
      const read = readOne(files[i] as string, rel);
      const source = read instanceof Promise ? await read : read;
      if (source !== undefined) results.push(use(source));
    }
  } else {
    const read = await mapLimit(files, READ_CONCURRENCY, async (absolute) => {
      const rel = accept(absolute);
      if (rel === undefined) return undefined;
      const source = await readOne(absolute, rel);
      return source === undefined ? undefined : { value: use(source) };
    });
    for (const r of read) if (r !== undefined) results.push(r.value);
  }
  if (unreadable.length > 0) {
    unreadable.sort();
    // The message lists every file, so the error itself carries no single location.
    throw new SpecError('SPEC_UNREADABLE', `cannot read ${unreadable.length} spec file(s):\n  ${unreadable.join('\n  ')}`, {
      hint: 'every entry named *.feature must be a readable file: fix or remove the ones listed (the feature SHA recipe would fail on them too)',
    });
  }
  return results;
}

/** Discovery plus reading; an empty spec set is a usage error, not a pass. */
export async function loadSpecSources<T>(
  fs: FileSystem,
  root: string,
  paths: readonly string[],
  use: (source: SpecSource) => T,
  signal?: AbortSignal,
): Promise<T[]> {
  const files = await discoverSpecs(fs, root, paths);
  if (files.length === 0) {
    throw new SpecError('SPEC_NONE_FOUND', `no .feature files found in ${paths.join(', ')}`, {
      hint: 'write specs as features/<name>.feature, pass their paths, or set `features` in specgate.yaml',
    });
  }
  return readSpecs(fs, root, files, use, signal);
}
