// Which tar entries may be installed into a release directory. The archive is build output, but a
// release is installed on the staging host: treat every entry name as attacker-controlled and refuse
// anything that could land outside the release (absolute paths, `..`, links pointing out).
import * as path from 'node:path/posix';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export type EntryCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** Normalises `name` to a relative POSIX path inside the release, or says why it may not be installed. */
export function checkReleaseEntry(name: string, kind: EntryKind, linkTarget?: string): EntryCheck {
  if (name.includes('\0')) return { ok: false, reason: 'name contains a NUL byte' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { ok: false, reason: 'absolute path' };
  if (name.split('/').includes('..')) return { ok: false, reason: "path contains '..'" };
  const normal = path.normalize(name).replace(/\/+$/, '');
  if (normal === '' || normal === '.') return kind === 'directory' ? { ok: true, path: '.' } : { ok: false, reason: 'empty name' };
  if (kind === 'other') return { ok: false, reason: 'device, FIFO or other special file' };
  if (kind === 'hardlink') return { ok: false, reason: 'hard link (releases hold regular files, directories and relative symlinks only)' };
  if (kind === 'symlink') {
    if (linkTarget === undefined || linkTarget === '') return { ok: false, reason: 'symlink without a target' };
    if (linkTarget.startsWith('/')) return { ok: false, reason: `symlink to the absolute path ${linkTarget}` };
    const resolved = path.normalize(path.join(path.dirname(normal), linkTarget));
    if (resolved === '..' || resolved.startsWith('../')) return { ok: false, reason: `symlink pointing out of the release (${linkTarget})` };
  }
  return { ok: true, path: normal };
}

/** True when `inner` (absolute, resolved) is `root` or below it. */
export function isInside(root: string, inner: string): boolean {
  const rel = path.relative(root, inner);
  return rel === '' || (!rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel));
}
