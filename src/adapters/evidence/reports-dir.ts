// The reports folder and its subfolders: created on demand, and a clear error (exit 2) when the
// path is a file or cannot be written, instead of an ENOTDIR/EACCES stack trace.
import * as fsp from 'node:fs/promises';
import { EvidenceError } from '../../core/evidence/errors.js';

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

export function mapFsError(error: unknown, target: string, doing: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && UNWRITABLE.has(code)) {
    return new EvidenceError('REPORTS_UNWRITABLE', `cannot ${doing}: ${code}`, {
      path: target,
      cause: error,
      hint: 'make the reports folder writable (check permissions, read-only mounts, `lsattr` immutable flags) or set `reports:` in specgate.yaml',
    });
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new EvidenceError('REPORTS_NOT_DIRECTORY', `cannot ${doing}: a path on the way is not a folder`, {
      path: target,
      cause: error,
      hint: 'move the file out of the way or set `reports:` in specgate.yaml to a folder',
    });
  }
  return error;
}

/** Makes sure `dir` is a folder (following symlinks), creating it when missing. */
export async function ensureReportsDir(dir: string): Promise<void> {
  let stats;
  try {
    stats = await fsp.stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw mapFsError(error, dir, 'use the reports folder');
  }
  if (stats !== undefined) {
    if (stats.isDirectory()) return;
    throw new EvidenceError('REPORTS_NOT_DIRECTORY', `reports path is not a folder`, {
      path: dir,
      hint: 'move the file out of the way or set `reports:` in specgate.yaml to a folder',
    });
  }
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (error) {
    throw mapFsError(error, dir, 'create the reports folder');
  }
}

/** For readers: a missing reports folder is an empty one, but a file in its place is an error. */
export async function assertReportsReadable(dir: string): Promise<boolean> {
  try {
    const stats = await fsp.stat(dir);
    if (stats.isDirectory()) return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw mapFsError(error, dir, 'read the reports folder');
  }
  throw new EvidenceError('REPORTS_NOT_DIRECTORY', `reports path is not a folder`, {
    path: dir,
    hint: 'move the file out of the way or set `reports:` in specgate.yaml to a folder',
  });
}
