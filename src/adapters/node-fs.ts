// FileSystem for Node. Atomic writes go through a temp file in the same directory, are fsync'd,
// renamed over the target and the directory is fsync'd, so a crash leaves the old or new file,
// never half of one.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { BoundedRead, FileInfo, FileSystem } from '../core/ports.js';
import { readBounded, readBoundedSync } from './bounded-read.js';

function kindOf(stats: Stats): FileInfo['kind'] {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  return 'other';
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Unique sibling name for temp files; the leading dot keeps them out of listings by convention. */
export function tempSibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to `target` atomically and durably. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempSibling(target);
  const handle = await fsp.open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(target));
}

/** Replaces (or creates) the symlink at `link` so it points at `target`, atomically. */
export async function symlinkAtomic(target: string, link: string): Promise<void> {
  const temp = tempSibling(link);
  await fsp.symlink(target, temp);
  try {
    await fsp.rename(temp, link);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(link));
}

export class NodeFileSystem implements FileSystem {
  async readFile(p: string): Promise<Uint8Array> {
    return fsp.readFile(p);
  }
  async readText(p: string): Promise<string> {
    return fsp.readFile(p, 'utf8');
  }
  readBounded(p: string, maxBytes: number): Promise<BoundedRead> {
    return readBounded(p, maxBytes);
  }
  readBoundedSync(p: string, maxBytes: number): BoundedRead {
    return readBoundedSync(p, maxBytes);
  }
  writeAtomic(p: string, data: string | Uint8Array): Promise<void> {
    return writeFileAtomic(p, data);
  }
  async stat(p: string): Promise<FileInfo | undefined> {
    try {
      const s = await fsp.stat(p);
      return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
  async lstat(p: string): Promise<FileInfo | undefined> {
    try {
      const s = await fsp.lstat(p);
      return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
  async readdir(p: string): Promise<string[]> {
    return (await fsp.readdir(p)).sort();
  }
  async mkdirp(p: string): Promise<void> {
    await fsp.mkdir(p, { recursive: true });
  }
  async remove(p: string): Promise<void> {
    await fsp.rm(p, { recursive: true, force: true });
  }
  async rename(from: string, to: string): Promise<void> {
    await fsp.rename(from, to);
  }
  async readlink(p: string): Promise<string> {
    return fsp.readlink(p);
  }
  symlinkAtomic(target: string, link: string): Promise<void> {
    return symlinkAtomic(target, link);
  }
  async realpath(p: string): Promise<string> {
    return fsp.realpath(p);
  }
}
