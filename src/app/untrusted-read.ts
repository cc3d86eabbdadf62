// Reading files a pull request controls (specs, specgate.yaml): only regular files, only inside
// the project once symlinks are resolved, never more than a cap. Each refusal is a short reason
// that names no byte of the file, for the caller to put in its error (docs/security.md). Also the
// one bounded reader of JSON evidence documents that may be absent or damaged (readJsonIfSmall).
import * as path from 'node:path';
import type { BoundedRead, FileSystem } from '../core/ports.js';

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Why a path could not be read, in words, from its errno. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOENT':
      return 'it is a symlink to nothing (dangling)';
    case 'ELOOP':
      return 'it is a symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

const NOT_REGULAR: Record<string, string> = {
  directory: 'it is a directory, not a file',
  fifo: 'it is a FIFO (named pipe), not a regular file; not read',
  socket: 'it is a socket, not a regular file; not read',
  device: 'it is a device, not a regular file; not read',
  other: 'it is not a regular file; not read',
};

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

/** A symlink is reported as SYMLINK so the caller can resolve and confine it. */
const SYMLINK = Symbol('symlink');

function outcome(read: BoundedRead, maxBytes: number): Uint8Array | string | typeof SYMLINK {
  if (read.kind === 'file') return read.bytes;
  if (read.kind === 'symlink') return SYMLINK;
  if (read.kind === 'too-large') return `it is larger than the ${mebibytes(maxBytes)} size cap; not read`;
  return NOT_REGULAR[read.what] ?? NOT_REGULAR.other ?? 'not read';
}

async function readOnce(fs: FileSystem, target: string, maxBytes: number): Promise<Uint8Array | string | typeof SYMLINK> {
  try {
    // The blocking variant, when the adapter has one, saves thread-pool round trips on large
    // spec sets; O_NONBLOCK keeps it from ever parking the main thread on a FIFO.
    return outcome(fs.readBoundedSync ? fs.readBoundedSync(target, maxBytes) : await fs.readBounded(target, maxBytes), maxBytes);
  } catch (error) {
    return reasonOf(error);
  }
}

/**
 * readUntrusted without a promise, for hot loops over thousands of specs: the bytes or why not,
 * or undefined when the path is a symlink (or the adapter has no blocking read) and
 * readUntrusted must resolve it.
 */
export function readUntrustedSync(fs: FileSystem, absolute: string, maxBytes: number): Uint8Array | string | undefined {
  if (!fs.readBoundedSync) return undefined;
  let first;
  try {
    first = outcome(fs.readBoundedSync(absolute, maxBytes), maxBytes);
  } catch (error) {
    return reasonOf(error);
  }
  return first === SYMLINK ? undefined : first;
}

/**
 * The file's bytes, or why it was not read. `realRoot` is the project root with symlinks
 * resolved; a symlink is followed only when its final target lies inside it.
 */
export async function readUntrusted(fs: FileSystem, realRoot: string, absolute: string, maxBytes: number): Promise<Uint8Array | string> {
  const first = await readOnce(fs, absolute, maxBytes);
  if (first !== SYMLINK) return first;
  let target: string;
  try {
    target = await fs.realpath(absolute);
  } catch (error) {
    return reasonOf(error);
  }
  if (!isInside(realRoot, target)) return 'it is a symlink to a file outside the project; not read';
  const second = await readOnce(fs, target, maxBytes);
  // realpath resolved every link; a symlink now means it was swapped under us.
  return second === SYMLINK ? 'it changed while being read (symlink swapped); not read' : second;
}

/**
 * A JSON document (evidence, a report) read only when it is a regular file of at most `maxBytes`;
 * undefined when it is missing, larger, not a file or not JSON: callers treat it as absent.
 */
export async function readJsonIfSmall(fs: FileSystem, file: string, maxBytes: number): Promise<unknown> {
  try {
    const info = await fs.lstat(file);
    if (info?.kind !== 'file' || info.size > maxBytes) return undefined;
    return JSON.parse(await fs.readText(file)) as unknown;
  } catch {
    return undefined;
  }
}
