// Where a base image's files come from: an OCI layout folder, or the same layout packed in an
// oci-archive / a docker-archive (read whole, bounded). Paths come from specgate.yaml, so they are
// confined to the project; blob names and sizes come from the base, so both are checked.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../../core/deploy/release-entry.js';
import { isSpecgateError } from '../../core/errors.js';
import { ImageError } from '../../core/image/errors.js';
import { sha256Digest } from '../../core/image/oci.js';
import { readTar } from '../deploy/tar.js';

/** A base image larger than this is refused (it is read into memory to be copied). */
export const MAX_BASE_BYTES = 1024 * 1024 * 1024;
const MAX_JSON_BYTES = 4 * 1024 * 1024;

export interface BlobStore {
  /** Bytes of a file of the layout (`index.json`, `blobs/sha256/<hex>`), or undefined. */
  file(rel: string, limit: number): Promise<Buffer | undefined>;
  readonly where: string;
}

/** Resolves `rel` (from specgate.yaml) inside the project root, following symlinks; refuses escapes. */
export async function confinedPath(root: string, rel: string, where: string): Promise<string> {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
    throw new ImageError('BASE_UNSAFE_PATH', `${where}: '${rel}' must be a relative path inside the project`, { hint: 'copy the base image into the project, e.g. images/base' });
  }
  const realRoot = await fsp.realpath(root);
  const real = await fsp.realpath(path.join(root, rel)).catch(() => undefined);
  if (real === undefined) throw new ImageError('BASE_NOT_FOUND', `${where}: '${rel}' does not exist`, { hint: 'make the base first (docs/images.md: skopeo copy … oci:images/base:TAG)' });
  if (!isInside(realRoot, real)) throw new ImageError('BASE_UNSAFE_PATH', `${where}: '${rel}' resolves outside the project (${real})`, { hint: 'keep the base image inside the project' });
  return real;
}

async function boundedRead(file: string, limit: number, where: string): Promise<Buffer | undefined> {
  const info = await fsp.stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  if (info.size > limit) throw new ImageError('BASE_TOO_LARGE', `${where}: ${path.basename(file)} is ${info.size} bytes, over the ${limit}-byte limit`, { hint: 'use a smaller base image' });
  return fsp.readFile(file);
}

export function layoutStore(dir: string, where: string): BlobStore {
  return {
    where,
    file: async (rel, limit) => {
      const target = path.join(dir, rel);
      // A symlink inside the layout must not read files from elsewhere.
      const real = await fsp.realpath(target).catch(() => undefined);
      if (real === undefined) return undefined;
      if (!isInside(dir, real)) throw new ImageError('BASE_UNSAFE_PATH', `${where}: ${rel} links outside the layout`, { hint: 'repack the base layout' });
      return boundedRead(real, limit, where);
    },
  };
}

export async function archiveStore(file: string, where: string): Promise<BlobStore> {
  const bytes = await boundedRead(file, MAX_BASE_BYTES, where);
  if (bytes === undefined) throw new ImageError('BASE_NOT_FOUND', `${where}: ${file} is not a file`, { hint: 'point base at an oci-archive or docker-archive .tar file' });
  const files = new Map<string, Buffer>();
  try {
    for (const entry of readTar(bytes, where)) if (entry.kind === 'file') files.set(path.posix.normalize(entry.name), Buffer.from(entry.data));
  } catch (error) {
    if (!isSpecgateError(error)) throw error;
    throw new ImageError('BASE_CORRUPT', `${where}: not a readable tar archive: ${error.message}`, { cause: error, hint: 'recreate it with skopeo copy … oci-archive:FILE' });
  }
  return { where, file: (rel) => Promise.resolve(files.get(path.posix.normalize(rel))) };
}

/** A blob by digest, checked against it: a base whose content does not match its name is refused. */
export async function readBlob(store: BlobStore, digest: string, limit = MAX_BASE_BYTES): Promise<Buffer> {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (match === null) throw new ImageError('BASE_CORRUPT', `${store.where}: unsupported digest '${digest.slice(0, 80)}'`, { hint: 'only sha256 digests are supported' });
  const bytes = await store.file(`blobs/sha256/${match[1] ?? ''}`, limit);
  if (bytes === undefined) throw new ImageError('BASE_CORRUPT', `${store.where}: blob ${digest} is missing`, { hint: 'recopy the base image' });
  if (sha256Digest(bytes) !== digest) throw new ImageError('BASE_CORRUPT', `${store.where}: blob ${digest} does not match its digest`, { hint: 'the base is damaged or was altered; recopy it' });
  return bytes;
}

export function readJson(store: BlobStore, what: string, bytes: Buffer | undefined): Record<string, unknown> {
  if (bytes === undefined) throw new ImageError('BASE_CORRUPT', `${store.where}: ${what} is missing`, { hint: 'is this an OCI image layout? (it needs index.json and oci-layout)' });
  if (bytes.length > MAX_JSON_BYTES) throw new ImageError('BASE_TOO_LARGE', `${store.where}: ${what} is over ${MAX_JSON_BYTES} bytes`);
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the typed error
  }
  throw new ImageError('BASE_CORRUPT', `${store.where}: ${what} is not a JSON object`, { hint: 'recopy the base image' });
}

export { MAX_JSON_BYTES };
