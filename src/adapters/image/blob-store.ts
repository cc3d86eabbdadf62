// Where a base image's files come from: an OCI layout folder, or the same layout packed in an
// oci-archive / a docker-archive (read whole, bounded). Paths come from specgate.yaml, so they are
// confined to the project; blob names and sizes come from the base, so both are checked.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../../core/deploy/release-entry.js';
import { isSpecgateError } from '../../core/errors.js';
import { ImageError } from '../../core/image/errors.js';
import { MAX_BASE_BYTES } from '../../core/image/blob-read.js';
import type { BlobStore } from '../../core/image/ports.js';
import { readTar } from '../deploy/tar.js';

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
