// A read-only FileSystem over a run folder held in memory, so `specgate verify`'s own code checks
// exactly the bytes a push is about to store (no second read from disk that could differ). Pure:
// no disk, which is why it lives beside the use case rather than among the adapters.
import * as path from 'node:path';
import type { BoundedRead, FileInfo, FileSystem } from '../../core/ports.js';
import { InternalError } from '../../core/errors.js';

export class MemoryRunFolder implements FileSystem {
  private readonly dirs = new Set<string>();

  /** `files`: relative POSIX path → bytes, mounted at `root`. */
  constructor(
    readonly root: string,
    private readonly files: ReadonlyMap<string, Uint8Array>,
  ) {
    this.dirs.add(root);
    for (const rel of files.keys()) {
      let dir = path.dirname(path.join(root, rel));
      while (dir.startsWith(root) && !this.dirs.has(dir)) {
        this.dirs.add(dir);
        dir = path.dirname(dir);
      }
    }
  }

  private rel(p: string): string {
    return path.relative(this.root, p).split(path.sep).join('/');
  }

  readFile(p: string): Promise<Uint8Array> {
    const data = this.files.get(this.rel(p));
    if (data === undefined) return Promise.reject(Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' }));
    return Promise.resolve(data);
  }

  /** Memory holds only regular files: the cap is the one thing left to check. */
  async readBounded(p: string, maxBytes: number): Promise<BoundedRead> {
    const bytes = await this.readFile(p);
    return bytes.length > maxBytes ? { kind: 'too-large', size: bytes.length } : { kind: 'file', bytes };
  }

  async readText(p: string): Promise<string> {
    return Buffer.from(await this.readFile(p)).toString('utf8');
  }

  stat(p: string): Promise<FileInfo | undefined> {
    const data = this.files.get(this.rel(p));
    if (data !== undefined) return Promise.resolve({ kind: 'file', size: data.length, mtimeMs: 0 });
    return Promise.resolve(this.dirs.has(path.resolve(p)) ? { kind: 'directory', size: 0, mtimeMs: 0 } : undefined);
  }

  lstat(p: string): Promise<FileInfo | undefined> {
    return this.stat(p);
  }

  readdir(p: string): Promise<string[]> {
    const dir = path.resolve(p);
    const names = new Set<string>();
    for (const candidate of [...this.files.keys()].map((rel) => path.join(this.root, rel)).concat([...this.dirs])) {
      if (path.dirname(candidate) === dir && candidate !== dir) names.add(path.basename(candidate));
    }
    return Promise.resolve([...names].sort());
  }

  private readOnly(): never {
    throw new InternalError('the in-memory run folder is read-only');
  }
  writeAtomic(): Promise<void> {
    return this.readOnly();
  }
  mkdirp(): Promise<void> {
    return this.readOnly();
  }
  remove(): Promise<void> {
    return this.readOnly();
  }
  rename(): Promise<void> {
    return this.readOnly();
  }
  readlink(): Promise<string> {
    return this.readOnly();
  }
  symlinkAtomic(): Promise<void> {
    return this.readOnly();
  }
  realpath(p: string): Promise<string> {
    return Promise.resolve(path.resolve(p));
  }
}
