// Reads the base image named by build.image.base: picks the manifest by tag (and by platform when
// the tag names a multi-platform index), then its config and layers, every blob checked against its
// digest. docker-archive bases are read through their manifest.json (uncompressed layers).
import * as path from 'node:path';
import { ImageError } from '../../core/image/errors.js';
import { blobOf, MEDIA_TYPES, REF_NAME_ANNOTATION, type Blob, type Descriptor } from '../../core/image/oci.js';
import type { BaseReference } from '../../core/image/reference.js';
import { MAX_BASE_BYTES, MAX_JSON_BYTES, readBlob, readJson } from '../../core/image/blob-read.js';
import type { BaseImage, BlobStore } from '../../core/image/ports.js';
import { archiveStore, confinedPath, layoutStore } from './blob-store.js';

export type { BaseImage };

type Json = Record<string, unknown>;
const INDEX_TYPES: readonly string[] = [MEDIA_TYPES.index, MEDIA_TYPES.dockerList];

function descriptors(doc: Json, key: string, store: BlobStore): Descriptor[] {
  const list = doc[key];
  if (!Array.isArray(list)) throw new ImageError('BASE_CORRUPT', `${store.where}: '${key}' is not a list`, { hint: 'recopy the base image' });
  return list.map((d: unknown) => {
    const o = (d ?? {}) as Json;
    if (typeof o.digest !== 'string' || typeof o.size !== 'number' || typeof o.mediaType !== 'string') {
      throw new ImageError('BASE_CORRUPT', `${store.where}: a descriptor in '${key}' lacks mediaType, digest or size`, { hint: 'recopy the base image' });
    }
    return o as unknown as Descriptor;
  });
}

function pickTagged(index: Json, tag: string | undefined, store: BlobStore): Descriptor {
  const all = descriptors(index, 'manifests', store);
  const tags = all.map((d) => d.annotations?.[REF_NAME_ANNOTATION]).filter((t): t is string => t !== undefined);
  const hits = tag === undefined ? all : all.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] === tag);
  if (hits.length === 1 && hits[0] !== undefined) return hits[0];
  throw new ImageError('BASE_NOT_FOUND', `${store.where}: ${tag === undefined ? `holds ${all.length} images; name one with :TAG` : `has no image tagged '${tag}'`} (tags: ${tags.join(', ') || 'none'})`, {
    hint: 'write the base as oci:DIR:TAG with one of the tags listed',
  });
}

function pickPlatform(index: Json, platform: string, store: BlobStore): Descriptor {
  const [os, architecture] = platform.split('/');
  const hit = descriptors(index, 'manifests', store).find((d) => d.platform?.os === os && d.platform?.architecture === architecture);
  if (hit === undefined) throw new ImageError('BASE_NOT_FOUND', `${store.where}: the multi-platform base has no ${platform} image`, { hint: 'set build.image.platform to one it has' });
  return hit;
}

async function fromLayout(store: BlobStore, ref: BaseReference, platform: string): Promise<BaseImage> {
  let descriptor = pickTagged(readJson(store, 'index.json', await store.file('index.json', MAX_JSON_BYTES)), ref.tag, store);
  if (INDEX_TYPES.includes(descriptor.mediaType)) {
    descriptor = pickPlatform(readJson(store, 'the image index', await readBlob(store, descriptor.digest, MAX_JSON_BYTES)), platform, store);
  }
  const manifestBytes = await readBlob(store, descriptor.digest, MAX_JSON_BYTES);
  const manifest = readJson(store, 'the image manifest', manifestBytes);
  const config = (manifest.config ?? {}) as Descriptor;
  if (typeof config.digest !== 'string') throw new ImageError('BASE_CORRUPT', `${store.where}: the manifest names no config`, { hint: 'recopy the base image' });
  const configBytes = await readBlob(store, config.digest, MAX_JSON_BYTES);
  const layers: Blob[] = [];
  let total = 0;
  for (const layer of descriptors(manifest, 'layers', store)) {
    total += layer.size;
    if (total > MAX_BASE_BYTES) throw new ImageError('BASE_TOO_LARGE', `${store.where}: layers over ${MAX_BASE_BYTES} bytes`, { hint: 'use a smaller base image' });
    layers.push({ descriptor: { mediaType: layer.mediaType, digest: layer.digest, size: layer.size }, bytes: await readBlob(store, layer.digest) });
  }
  return { manifestDigest: descriptor.digest, config: readJson(store, 'the image config', configBytes), configDigest: config.digest, layers };
}

/** docker save's format: manifest.json lists the config file and uncompressed layer tarballs. */
async function fromDockerArchive(store: BlobStore): Promise<BaseImage> {
  const text = await store.file('manifest.json', MAX_JSON_BYTES);
  let entries: unknown;
  try {
    entries = JSON.parse(text?.toString('utf8') ?? 'null');
  } catch {
    entries = null;
  }
  const first = Array.isArray(entries) && entries.length === 1 ? (entries[0] as Json) : undefined;
  if (first === undefined || typeof first.Config !== 'string' || !Array.isArray(first.Layers)) {
    throw new ImageError('BASE_CORRUPT', `${store.where}: manifest.json must list exactly one image with Config and Layers`, { hint: 'save one image per archive' });
  }
  const configBytes = await store.file(first.Config, MAX_JSON_BYTES);
  const config = readJson(store, first.Config, configBytes);
  const layers: Blob[] = [];
  for (const name of first.Layers) {
    const bytes = typeof name === 'string' ? await store.file(name, MAX_BASE_BYTES) : undefined;
    if (bytes === undefined) throw new ImageError('BASE_CORRUPT', `${store.where}: layer ${String(name)} is missing`, { hint: 'recreate the archive' });
    layers.push(blobOf(bytes, MEDIA_TYPES.layerTar));
  }
  const configBlob = blobOf(configBytes ?? Buffer.alloc(0), MEDIA_TYPES.config);
  // A docker-archive has no registry manifest; the config digest is its image id.
  return { manifestDigest: configBlob.descriptor.digest, config, configDigest: configBlob.descriptor.digest, layers };
}

export async function readBaseImage(root: string, ref: BaseReference, platform: string): Promise<BaseImage> {
  const where = `build.image.base (${ref.transport}:${ref.path})`;
  const real = await confinedPath(root, ref.path, where);
  if (ref.transport === 'oci') return fromLayout(layoutStore(real, where), ref, platform);
  const store = await archiveStore(real, `${where} ${path.basename(real)}`);
  return ref.transport === 'oci-archive' ? fromLayout(store, ref, platform) : fromDockerArchive(store);
}
