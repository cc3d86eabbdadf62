// `specgate image push`: exports a run's image (and, to a layout folder, its cosign signature
// artifact) to an OCI layout folder or an oci-archive file, for `skopeo copy` to any registry. Every
// blob is re-checked against its digest on the way out: what leaves is what the run recorded.
import * as path from 'node:path';
import { readBlob, readJson, MAX_JSON_BYTES } from '../../core/image/blob-read.js';
import { ImageError } from '../../core/image/errors.js';
import { jsonBytes, layoutIndex, OCI_LAYOUT_FILE, REF_NAME_ANNOTATION, type Blob, type Descriptor } from '../../core/image/oci.js';
import type { ImageRecord } from '../../core/image/record.js';
import { parseBaseReference } from '../../core/image/reference.js';
import { writeTar, type LayerEntry } from '../../core/image/tar-writer.js';
import type { BlobStore, ImageSources } from '../../core/image/ports.js';
import { isInside } from '../../core/deploy/release-entry.js';
import { writeLayout } from './layout-writer.js';
import type { ImagePorts } from './ports.js';

export interface PushResult {
  readonly reference: string;
  readonly digest: string;
  readonly to: string;
  readonly tag: string;
  readonly signatureTag: string | null;
  readonly blobs: number;
}

type Tagged = { tag: string; descriptor: Descriptor };

/** The blobs of one manifest (itself, its config, its layers). */
async function manifestBlobs(store: BlobStore, descriptor: Descriptor): Promise<Blob[]> {
  const bytes = await readBlob(store, descriptor.digest, MAX_JSON_BYTES);
  const manifest = readJson(store, 'a manifest', bytes);
  const config = manifest.config as Descriptor;
  const layers = (manifest.layers as Descriptor[] | undefined) ?? [];
  const out: Blob[] = [{ descriptor, bytes }, { descriptor: config, bytes: await readBlob(store, config.digest, MAX_JSON_BYTES) }];
  for (const layer of layers) out.push({ descriptor: layer, bytes: await readBlob(store, layer.digest) });
  return out;
}

async function collect(images: ImageSources, root: string, record: ImageRecord): Promise<{ blobs: Blob[]; imageBlobs: number; image: Descriptor; signature?: Descriptor }> {
  const dir = path.resolve(root, record.layout);
  if (!isInside(root, dir)) throw new ImageError('IMAGE_NOT_BUILT', `image.json names a layout outside the project (${record.layout})`, { hint: 'rebuild the image with `specgate run`' });
  const store = images.layout(dir, record.layout);
  const index = readJson(store, 'index.json', await store.file('index.json', MAX_JSON_BYTES).catch(() => undefined));
  const entries = (index.manifests as Descriptor[] | undefined) ?? [];
  const image = entries.find((d) => d.digest === record.manifest.digest);
  if (image === undefined) throw new ImageError('IMAGE_NOT_BUILT', `${record.layout}/index.json does not hold ${record.manifest.digest}`, { hint: 'rebuild the image with `specgate run`' });
  const signature = record.signature === null ? undefined : entries.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === record.signature?.tag);
  const imageBlobs = await manifestBlobs(store, image);
  const blobs = [...imageBlobs, ...(signature === undefined ? [] : await manifestBlobs(store, signature))];
  return { blobs, imageBlobs: imageBlobs.length, image, ...(signature === undefined ? {} : { signature }) };
}

const strip = (d: Descriptor): Descriptor => ({ mediaType: d.mediaType, digest: d.digest, size: d.size });

/** Existing index entries of a destination layout, minus the tags being replaced. */
async function existingEntries({ fs, images }: ImagePorts, dir: string, replaced: readonly string[]): Promise<Tagged[]> {
  const file = path.join(dir, 'index.json');
  if ((await fs.stat(file))?.kind !== 'file') return [];
  const store = images.layout(dir, dir);
  const index = readJson(store, 'index.json', await store.file('index.json', MAX_JSON_BYTES));
  return ((index.manifests as Descriptor[] | undefined) ?? []).flatMap((d) => {
    const tag = d.annotations?.[REF_NAME_ANNOTATION];
    return tag === undefined || replaced.includes(tag) ? [] : [{ tag, descriptor: d }];
  });
}

export async function pushImage(input: { readonly root: string; readonly record: ImageRecord; readonly to: string; readonly cwd: string }, ports: ImagePorts): Promise<PushResult> {
  const target = parseBaseReference(input.to, '--to');
  if (target.transport === 'docker-archive') throw new ImageError('EXPORT_TARGET_INVALID', '--to: docker-archive is not an export format here; use oci:DIR or oci-archive:FILE', { hint: 'skopeo copy oci-archive:FILE docker-archive:OUT converts it' });
  const tag = target.tag ?? input.record.tag;
  const collected = await collect(ports.images, input.root, input.record);
  const { image } = collected;
  // An oci-archive holds one image: `podman load` and `skopeo copy oci-archive:FILE` refuse a
  // choice. The signature artifact travels in oci:DIR exports (and stays in the project's layout).
  const signature = target.transport === 'oci' ? collected.signature : undefined;
  const blobs = signature === undefined ? collected.blobs.slice(0, collected.imageBlobs) : collected.blobs;
  const sigTag = signature === undefined ? null : (input.record.signature?.tag ?? null);
  const tagged: Tagged[] = [{ tag, descriptor: strip(image) }, ...(signature && sigTag ? [{ tag: sigTag, descriptor: strip(signature) }] : [])];
  const dest = path.resolve(input.cwd, target.path);
  if (target.transport === 'oci') {
    const kept = await existingEntries(ports, dest, tagged.map((t) => t.tag));
    await writeLayout(ports.fs, dest, blobs, layoutIndex([...kept, ...tagged]));
  } else {
    await ports.fs.writeAtomic(dest, archiveOf(blobs, layoutIndex(tagged)));
  }
  return { reference: input.record.reference, digest: input.record.manifest.digest, to: `${target.transport}:${dest}:${tag}`, tag, signatureTag: sigTag, blobs: new Set(blobs.map((b) => b.descriptor.digest)).size };
}

/** An oci-archive: the layout as a plain tar (what `skopeo copy oci-archive:` and `podman load` read). */
function archiveOf(blobs: readonly Blob[], index: Record<string, unknown>): Buffer {
  const unique = new Map(blobs.map((b) => [b.descriptor.digest, b.bytes]));
  const entries: LayerEntry[] = [
    { name: 'blobs', kind: 'directory', mode: 0o755 },
    { name: 'blobs/sha256', kind: 'directory', mode: 0o755 },
    ...[...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([digest, data]): LayerEntry => ({ name: `blobs/sha256/${digest.slice(7)}`, kind: 'file', mode: 0o644, data })),
    { name: 'index.json', kind: 'file', mode: 0o644, data: jsonBytes(index) },
    { name: OCI_LAYOUT_FILE.name, kind: 'file', mode: 0o644, data: Buffer.from(OCI_LAYOUT_FILE.content) },
  ];
  return writeTar(entries, 0);
}
