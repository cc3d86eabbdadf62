// Reading an OCI layout through the BlobStore port: a blob by digest, checked against it, and a JSON
// document, bounded. The bytes come from a base image or a layout someone may have altered, so
// every blob is verified and every document size-capped before it is parsed.
import { ImageError } from './errors.js';
import { sha256Digest } from './oci.js';
import type { BlobStore } from './ports.js';

/** A base image larger than this is refused (it is read into memory to be copied). */
export const MAX_BASE_BYTES = 1024 * 1024 * 1024;
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

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

