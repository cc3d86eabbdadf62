// A stamp of what a run's evidence is right now, cheap enough to take on every page view: for each
// file its inode, size, inode change time (ctime) and mtime, plus the sha256 of the manifest (which
// lists every artifact's digest). mtime alone can be reset with `touch -d`; ctime cannot be set
// from user space, and replacing a file changes its inode — so any edit changes the stamp.
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** A run directory holds a few dozen files; a hostile one must not make a page view walk forever. */
const MAX_ENTRIES = 5000;
const MAX_DEPTH = 6;
/** manifest.json is a few KiB; hashing more than this per view would defeat the purpose. */
const MAX_HASHED = 4 * 1024 * 1024;

async function statLine(file: string, rel: string): Promise<string> {
  try {
    const s = await fsp.lstat(file, { bigint: true });
    return `${rel}\0${s.ino}\0${s.mode}\0${s.size}\0${s.ctimeNs}\0${s.mtimeNs}`;
  } catch {
    return `${rel}\0absent`;
  }
}

async function walk(dir: string, rel: string, depth: number, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    out.push(`${rel}\0unreadable`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (out.length >= MAX_ENTRIES) {
      out.push('\0truncated');
      return;
    }
    const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
    out.push(await statLine(path.join(dir, e.name), childRel));
    if (e.isDirectory() && depth < MAX_DEPTH) await walk(path.join(dir, e.name), childRel, depth + 1, out);
  }
}

async function contentDigest(file: string): Promise<string> {
  try {
    const s = await fsp.lstat(file);
    if (!s.isFile() || s.size > MAX_HASHED) return 'unhashed';
    return createHash('sha256').update(await fsp.readFile(file)).digest('hex');
  } catch {
    return 'absent';
  }
}

/**
 * Stamps every file under `dirs` (recursively), each of `files` (stat only) and the content of
 * `hashed`. Equal stamps mean nothing a verification reads has changed.
 */
export async function changeStamp(input: { readonly dirs: readonly string[]; readonly files?: readonly string[]; readonly hashed?: readonly string[] }): Promise<string> {
  const lines: string[] = [];
  for (const dir of input.dirs) {
    lines.push(await statLine(dir, dir));
    await walk(dir, dir, 0, lines);
  }
  for (const file of input.files ?? []) lines.push(await statLine(file, file));
  for (const file of input.hashed ?? []) lines.push(`${file}\0${await contentDigest(file)}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
