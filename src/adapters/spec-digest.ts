// The quick way to digest a spec tree for `specgate id` (2,000 specs in the time node takes to start):
// one blocking walk with the entry types readdir already returns, and per spec one
// open(O_NOFOLLOW | O_NONBLOCK), one read into a reused buffer, one close, hashed in place. It
// handles only the plain case — folders inside the project whose *.feature entries are small,
// non-empty regular files — and answers undefined at the first anything else (a symlink, a FIFO,
// an unreadable or large file, a path outside the project, a file named on the command line), so the
// careful reader (app/spec/discover.ts) runs instead and reports it with its usual error: the
// outcome is the same either way, only the plain case is faster.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { sha256Hex } from '../core/data.js';
import type { SpecFileDigest } from '../core/spec/feature-sha.js';

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;
/** Specs up to this size are read in one call; larger ones (rare) take the careful path and its size cap. */
const QUICK_MAX_BYTES = 256 * 1024;

/** The digests of every *.feature under `paths` (relative to `root`), or undefined: use the careful path. */
export function digestSpecTreeSync(root: string, paths: readonly string[]): SpecFileDigest[] | undefined {
  try {
    return digestAll(root, paths);
  } catch (error) {
    // Any I/O error (ENOENT, EACCES, ELOOP, ENOTDIR, EAGAIN, ...) is the careful path's to word.
    if (error instanceof Error && 'code' in error) return undefined;
    throw error;
  }
}

function digestAll(root: string, paths: readonly string[]): SpecFileDigest[] | undefined {
  const realRoot = realpathSync.native(root);
  const prefix = realRoot.endsWith(path.sep) ? realRoot : `${realRoot}${path.sep}`;
  const state: WalkState = { scratch: Buffer.allocUnsafe(QUICK_MAX_BYTES + 1), out: [], seen: new Set() };
  for (const given of paths) {
    const absolute = path.resolve(realRoot, given);
    // The folder must be itself, below the project, with no symlink on the way (else: careful path).
    if (!absolute.startsWith(prefix) || realpathSync.native(absolute) !== absolute) return undefined;
    if (!walk(absolute, absolute.slice(prefix.length).split(path.sep).join('/'), state)) return undefined;
  }
  return state.out.length > 0 ? state.out : undefined;
}

interface WalkState {
  readonly scratch: Buffer;
  readonly out: SpecFileDigest[];
  /** Root-relative paths already digested: overlapping spec folders list a file once. */
  readonly seen: Set<string>;
}

/** Like `find DIR -name '*.feature'`, symlinked folders not followed; false at a spec that is not plain. */
function walk(dir: string, rel: string, state: WalkState): boolean {
  // withFileTypes gives the type getdents reported (node lstat()s only when the filesystem does not say).
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name;
    if (name.endsWith('.feature')) {
      if (!entry.isFile()) return false;
      const fileRel = `${rel}/${name}`;
      if (state.seen.has(fileRel)) continue;
      state.seen.add(fileRel);
      const sha256 = digestFile(`${dir}${path.sep}${name}`, state.scratch);
      if (sha256 === undefined) return false;
      state.out.push({ path: fileRel, sha256 });
    } else if (entry.isDirectory() && !walk(`${dir}${path.sep}${name}`, `${rel}/${name}`, state)) {
      return false;
    }
  }
  return true;
}

/**
 * One open, one read, one close. O_NOFOLLOW refuses a symlink swapped in since readdir, O_NONBLOCK
 * keeps a FIFO from parking the thread, and the read never exceeds the scratch buffer. A full buffer
 * (a large file) goes to the careful path, which fstat()s and caps; so does an empty read unless
 * fstat shows an empty regular file (a FIFO swapped in reads empty too).
 */
function digestFile(file: string, scratch: Buffer): string | undefined {
  const fd = openSync(file, FLAGS);
  try {
    const got = readSync(fd, scratch, 0, scratch.length, null);
    if (got === scratch.length) return undefined;
    if (got === 0) {
      const stats = fstatSync(fd);
      if (!stats.isFile() || stats.size !== 0) return undefined;
    }
    return sha256Hex(scratch.subarray(0, got));
  } finally {
    closeSync(fd);
  }
}
