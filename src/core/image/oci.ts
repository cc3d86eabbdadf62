// OCI image-spec objects as plain data: descriptors, the image config a release layer is added to,
// the image manifest and the layout's index. Every object is built with a fixed key order and
// serialised without whitespace, so the same inputs always give the same bytes and digests.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const MEDIA_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
} as const;

/** Docker's layer media types name the same bytes as OCI's: an OCI manifest uses the OCI names. */
const OCI_LAYER_OF: Readonly<Record<string, string>> = {
  'application/vnd.docker.image.rootfs.diff.tar.gzip': MEDIA_TYPES.layerGzip,
  'application/vnd.docker.image.rootfs.diff.tar': MEDIA_TYPES.layerTar,
};

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string };
}

export interface Blob {
  readonly descriptor: Descriptor;
  readonly bytes: Buffer;
}

export const sha256Digest = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Compact JSON: specgate writes objects with their keys already in a fixed order. */
export const jsonBytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

export function blobOf(bytes: Buffer, mediaType: string, annotations?: Readonly<Record<string, string>>): Blob {
  return { descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length, ...(annotations ? { annotations } : {}) }, bytes };
}

/**
 * gzip with a fixed header: no name, mtime 0, OS byte 3 (Unix) whatever zlib was built for, so
 * the compressed layer — and so its digest — depends on the tar bytes alone.
 */
export function gzipLayer(tar: Uint8Array): Buffer {
  // Level 6 (gzip's default): the size of -9 within a percent or two, at a fraction of the CPU.
  const out = gzipSync(tar, { level: 6 });
  out.writeUInt32LE(0, 4);
  out[9] = 3;
  return out;
}

export const ociLayerMediaType = (mediaType: string): string => OCI_LAYER_OF[mediaType] ?? mediaType;

export interface ConfigSettings {
  readonly entrypoint: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly ports: readonly number[];
  readonly user: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly created: string;
  readonly diffId: string;
  readonly createdBy: string;
}

const sortedRecord = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function mergedEnv(base: unknown, extra: Readonly<Record<string, string>>): string[] {
  const list = Array.isArray(base) ? base.filter((e): e is string => typeof e === 'string') : [];
  const keep = list.filter((entry) => !Object.hasOwn(extra, entry.split('=')[0] ?? ''));
  return [...keep, ...Object.entries(sortedRecord(extra)).map(([k, v]) => `${k}=${v}`)];
}

type Json = Record<string, unknown>;
const objectOr = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/** The base image's config with the release's process settings, labels, layer and history added. */
export function extendConfig(base: Json, settings: ConfigSettings): Json {
  const runtime = objectOr(base.config);
  const { Cmd: _baseCmd, ...inherited } = runtime;
  const ports = Object.fromEntries(settings.ports.map((p) => [`${p}/tcp`, {}]));
  const rootfs = objectOr(base.rootfs);
  const diffIds: unknown[] = Array.isArray(rootfs.diff_ids) ? (rootfs.diff_ids as unknown[]) : [];
  return {
    ...base,
    created: settings.created,
    architecture: base.architecture ?? 'amd64',
    os: base.os ?? 'linux',
    config: {
      ...inherited,
      User: settings.user,
      // Entrypoint replaces the base's Cmd too: an inherited Cmd would become the release's argv.
      Entrypoint: [...settings.entrypoint],
      Env: mergedEnv(runtime.Env, settings.env),
      WorkingDir: settings.workdir,
      ExposedPorts: sortedRecord({ ...objectOr(runtime.ExposedPorts), ...ports }),
      Labels: sortedRecord({ ...(objectOr(runtime.Labels) as Record<string, string>), ...settings.labels }),
    },
    rootfs: { type: 'layers', diff_ids: [...diffIds, settings.diffId] },
    history: [...(Array.isArray(base.history) ? (base.history as unknown[]) : []), { created: settings.created, created_by: settings.createdBy, comment: 'release layer' }],
  };
}

export function imageManifest(config: Descriptor, layers: readonly Descriptor[], annotations: Readonly<Record<string, string>>): Json {
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config,
    layers: layers.map((l) => ({ mediaType: ociLayerMediaType(l.mediaType), digest: l.digest, size: l.size })),
    annotations: sortedRecord(annotations),
  };
}

/** index.json of an OCI layout: each manifest tagged by its ref name, sorted by it. */
export function layoutIndex(entries: readonly { readonly tag: string; readonly descriptor: Descriptor }[]): Json {
  const manifests = [...entries]
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .map((e) => ({ ...e.descriptor, annotations: { ...(e.descriptor.annotations ?? {}), [REF_NAME_ANNOTATION]: e.tag } }));
  return { schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests };
}

export const OCI_LAYOUT_FILE = { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' } as const;
