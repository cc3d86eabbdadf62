// image.json: the run's evidence of the image it built — what to deploy (name@digest), which blobs
// make it, which base it started from and where its cosign signature lives. Pure.
import type { Descriptor } from './oci.js';
import { digestReference, signatureTag } from './reference.js';
import {  } from '../evidence/vocabulary.js';

export const IMAGE_PAYLOAD_FILE = 'image.simplesigning.json';

export interface ImageRecord {
  readonly schemaVersion: 1;
  /** `name@sha256:…`: the reference deploys use. */
  readonly reference: string;
  readonly name: string;
  readonly tag: string;
  /** Folder of the OCI layout, relative to the project root. */
  readonly layout: string;
  readonly platform: { readonly os: string; readonly architecture: string };
  readonly created: string;
  readonly manifest: { readonly digest: string; readonly size: number; readonly mediaType: string };
  readonly config: { readonly digest: string; readonly size: number };
  readonly layers: readonly { readonly digest: string; readonly size: number; readonly mediaType: string; readonly origin: 'base' | 'release' }[];
  readonly release: { readonly diffId: string; readonly workdir: string; readonly files: number };
  readonly base: { readonly reference: string; readonly manifestDigest: string; readonly configDigest: string };
  readonly process: { readonly entrypoint: readonly string[]; readonly user: string; readonly port: number };
  /** The cosign simple-signing payload in the evidence and its signature artifact in the layout; null when the run has no signing key. */
  readonly signature: { readonly payload: string; readonly tag: string; readonly manifestDigest: string; readonly keyFingerprint: string } | null;
}

export interface ImageRecordInput {
  readonly name: string;
  readonly tag: string;
  readonly layout: string;
  readonly platform: { readonly os: string; readonly architecture: string };
  readonly created: string;
  readonly manifest: Descriptor;
  readonly config: Descriptor;
  readonly baseLayers: readonly Descriptor[];
  readonly releaseLayer: Descriptor;
  readonly release: ImageRecord['release'];
  readonly base: ImageRecord['base'];
  readonly process: ImageRecord['process'];
  readonly signature: { readonly manifestDigest: string; readonly keyFingerprint: string } | null;
}

export function imageRecord(input: ImageRecordInput): ImageRecord {
  const layer = (d: Descriptor, origin: 'base' | 'release') => ({ digest: d.digest, size: d.size, mediaType: d.mediaType, origin });
  return {
    schemaVersion: 1,
    reference: digestReference(input.name, input.manifest.digest),
    name: input.name,
    tag: input.tag,
    layout: input.layout,
    platform: input.platform,
    created: input.created,
    manifest: { digest: input.manifest.digest, size: input.manifest.size, mediaType: input.manifest.mediaType },
    config: { digest: input.config.digest, size: input.config.size },
    layers: [...input.baseLayers.map((d) => layer(d, 'base')), layer(input.releaseLayer, 'release')],
    release: input.release,
    base: input.base,
    process: input.process,
    signature:
      input.signature === null
        ? null
        : { payload: IMAGE_PAYLOAD_FILE, tag: signatureTag(input.manifest.digest), manifestDigest: input.signature.manifestDigest, keyFingerprint: input.signature.keyFingerprint },
  };
}
