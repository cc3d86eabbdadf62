// Evidence bytes in a folder: blobs/<first two hex>/<sha256>, written atomically, stored once.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { sha256Hex } from '../../core/data.js';
import { StoreError } from '../../core/store/errors.js';
import type { BlobStore } from '../../core/store/ports.js';
import { writeFileAtomic } from '../node-fs.js';

const DIGEST = /^[0-9a-f]{64}$/;

export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private file(sha256: string): string {
    // The digest names a path: anything but 64 hex characters could climb out of the folder.
    if (!DIGEST.test(sha256)) throw new StoreError('STORE_REJECTED', `'${sha256.slice(0, 70)}' is not a sha256 digest`, { hint: 'blobs are addressed by lowercase hex sha256' });
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  async missing(digests: readonly string[]): Promise<readonly string[]> {
    const out: string[] = [];
    for (const d of new Set(digests)) {
      const present = await fsp.stat(this.file(d)).then(() => true, () => false);
      if (!present) out.push(d);
    }
    return out.sort();
  }

  async put(sha256: string, data: Uint8Array): Promise<void> {
    if (sha256Hex(data) !== sha256) throw new StoreError('STORE_REJECTED', `blob ${sha256.slice(0, 16)}… does not hash to its name`, { hint: 'the evidence changed while it was being pushed: push again' });
    const file = this.file(sha256);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, data);
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    try {
      const data = await fsp.readFile(this.file(sha256));
      // A blob file edited on disk is not evidence any more: never hand it out.
      if (sha256Hex(data) !== sha256) throw new StoreError('STORE_REJECTED', `blob ${sha256} in ${this.root} no longer matches its digest`, { hint: 'the file store was tampered with; restore it from a backup' });
      return data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}
