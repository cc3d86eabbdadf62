// Reads files an attacker may have committed (specs in a pull request): one open with O_NOFOLLOW
// and O_NONBLOCK, one fstat, then at most `maxBytes + 1` bytes. A symlink is reported, not
// followed; a FIFO or device is closed unread (opening a FIFO without O_NONBLOCK would park a
// libuv thread forever, and `/dev/zero` never ends); a file that grows while we read stops at the cap.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { BoundedRead } from '../core/ports.js';

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

function notRegular(stats: Stats): BoundedRead {
  if (stats.isDirectory()) return { kind: 'not-regular', what: 'directory' };
  if (stats.isFIFO()) return { kind: 'not-regular', what: 'fifo' };
  if (stats.isSocket()) return { kind: 'not-regular', what: 'socket' };
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return { kind: 'not-regular', what: 'device' };
  return { kind: 'not-regular', what: 'other' };
}

/** An open that failed because of what the path is, not an I/O error. */
function refusedOpen(error: unknown): BoundedRead {
  const code = (error as NodeJS.ErrnoException).code;
  // Linux answers ELOOP when the last component is a symlink and O_NOFOLLOW is set.
  if (code === 'ELOOP') return { kind: 'symlink' };
  if (code === 'EISDIR') return { kind: 'not-regular', what: 'directory' };
  // A socket cannot be opened at all: report it as what it is, not as an I/O error.
  if (code === 'ENXIO') return { kind: 'not-regular', what: 'socket' };
  throw error;
}

async function openNoFollow(p: string): Promise<fsp.FileHandle | BoundedRead> {
  try {
    return await fsp.open(p, FLAGS);
  } catch (error) {
    return refusedOpen(error);
  }
}

/** Reads until EOF or until more than `maxBytes` arrived, whatever fstat claimed (procfs lies). */
async function readCapped(handle: fsp.FileHandle, maxBytes: number): Promise<BoundedRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return { kind: 'file', bytes: Buffer.concat(chunks, total) };
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return { kind: 'too-large', size: total };
  }
}

export async function readBounded(p: string, maxBytes: number): Promise<BoundedRead> {
  const opened = await openNoFollow(p);
  if (!('fd' in opened)) return opened;
  try {
    const stats = await opened.stat();
    if (!stats.isFile()) return notRegular(stats);
    if (stats.size > maxBytes) return { kind: 'too-large', size: stats.size };
    return await readCapped(opened, maxBytes);
  } finally {
    await opened.close();
  }
}

function openNoFollowSync(p: string): number | BoundedRead {
  try {
    return openSync(p, FLAGS);
  } catch (error) {
    return refusedOpen(error);
  }
}

/** The blocking twin of readBounded, for hot loops: same checks, same cap. */
export function readBoundedSync(p: string, maxBytes: number): BoundedRead {
  const fd = openNoFollowSync(p);
  if (typeof fd !== 'number') return fd;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return notRegular(stats);
    if (stats.size > maxBytes) return { kind: 'too-large', size: stats.size };
    // Exactly size + 1 when fstat gave a size: the returned view keeps no slack alive.
    const first = Buffer.allocUnsafe(Math.min(stats.size > 0 ? stats.size + 1 : 4096, maxBytes + 1));
    const got = readSync(fd, first, 0, first.length, null);
    // A regular file that returns exactly the size fstat gave, with room left for one more byte,
    // is at its end: no second read, no copy. Size 0 (procfs) or any other count reads on.
    if (stats.size > 0 && got === stats.size) return { kind: 'file', bytes: first.subarray(0, got) };
    const chunks: Buffer[] = [first.subarray(0, got)];
    let total = got;
    if (got === 0) return { kind: 'file', bytes: Buffer.alloc(0) };
    if (total > maxBytes) return { kind: 'too-large', size: total };
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(Math.max(stats.size + 1, 4096), maxBytes + 1 - total));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) return { kind: 'file', bytes: Buffer.concat(chunks, total) };
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { kind: 'too-large', size: total };
    }
  } finally {
    closeSync(fd);
  }
}
