// Builds the run's container image without a daemon: the base from disk, the release appended as one
// deterministic layer, the config from specgate.yaml and the run, written as an OCI layout; with a
// signing key, the cosign simple-signing payload is signed and stored as the `sha256-<hex>.sig`
// artifact beside the image. Same inputs (base, release, settings, created) → same manifest digest.
import * as path from 'node:path';
import type { ImageConfig } from '../../core/config/sections/build.js';
import { blobOf, extendConfig, imageManifest, jsonBytes, layoutIndex, MEDIA_TYPES, type Blob } from '../../core/image/oci.js';
import { imageRecord, type ImageRecord } from '../../core/image/record.js';
import { releaseLayer } from '../../core/image/release-layer.js';
import { checkImageName, parseBaseReference, signatureTag } from '../../core/image/reference.js';
import { imageSettings } from '../../core/image/settings.js';
import { signatureArtifact, simpleSigningPayload } from '../../core/image/simple-signing.js';
import { encodeSignature, fingerprint } from '../../core/security/signature.js';
import type { Signer } from '../../core/security/ports.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { writeLayout } from './layout-writer.js';
import type { ImagePorts } from './ports.js';

export interface BuildImageInput {
  readonly root: string;
  /** Absolute folder the layout is written to (`.specgate/images/<run-id>`). */
  readonly outDir: string;
  readonly image: ImageConfig;
  readonly name: string;
  readonly command: string | undefined;
  readonly port: number;
  readonly release: Uint8Array;
  readonly runId: string;
  readonly featureSha: string;
  readonly toolVersion: string;
  /** RFC 3339, from SOURCE_DATE_EPOCH or the commit time: never the wall clock. */
  readonly created: string;
  readonly revision: string | null;
  readonly signer?: Signer;
}

export interface BuiltImage {
  readonly record: ImageRecord;
  /** The simple-signing payload bytes (evidence), when signed. */
  readonly payload: Buffer | null;
}

async function signImage(input: BuildImageInput, manifestDigest: string, signer: Signer): Promise<{ payload: Buffer; blobs: Blob[]; manifest: Blob }> {
  const payload = jsonBytes(simpleSigningPayload(input.name, manifestDigest, { 'dev.specgate.run-id': input.runId, 'dev.specgate.feature-sha': input.featureSha }));
  const artifact = signatureArtifact(payload, encodeSignature(await signer.sign(payload)));
  return { payload, blobs: [artifact.payload, artifact.config, artifact.manifest], manifest: artifact.manifest };
}

export async function buildImage(input: BuildImageInput, { fs, images }: ImagePorts): Promise<BuiltImage> {
  const name = checkImageName(input.name);
  const baseRef = parseBaseReference(input.image.base);
  const base = await images.readBaseImage(input.root, baseRef, input.image.platform);
  const mtime = Math.floor(Date.parse(input.created) / 1000);
  const layer = releaseLayer(images.readRelease(input.release, EVIDENCE_FILE.release), input.image.workdir, mtime);
  const layerBlob = blobOf(layer.gzip, MEDIA_TYPES.layerGzip);
  const settings = imageSettings({ ...input, command: input.command, workdir: input.image.workdir, user: input.image.user, env: input.image.env, source: input.image.source, diffId: layer.diffId });
  const config = extendConfig(base.config, settings);
  const configBlob = blobOf(jsonBytes(config), MEDIA_TYPES.config);
  const layers = [...base.layers.map((l) => l.descriptor), layerBlob.descriptor];
  const manifestBlob = blobOf(
    jsonBytes(imageManifest(configBlob.descriptor, layers, {
      'org.opencontainers.image.base.digest': base.manifestDigest,
      'org.opencontainers.image.base.name': input.image.base,
      'org.opencontainers.image.created': input.created,
    })),
    MEDIA_TYPES.manifest,
  );
  const digest = manifestBlob.descriptor.digest;
  const signed = input.signer === undefined ? undefined : await signImage(input, digest, input.signer);
  const blobs = [...base.layers, layerBlob, configBlob, manifestBlob, ...(signed?.blobs ?? [])];
  const entries = [{ tag: input.runId, descriptor: manifestBlob.descriptor }, ...(signed ? [{ tag: signatureTag(digest), descriptor: signed.manifest.descriptor }] : [])];
  await writeLayout(fs, input.outDir, blobs, layoutIndex(entries));
  const record = imageRecord({
    name,
    tag: input.runId,
    layout: path.relative(input.root, input.outDir).split(path.sep).join('/'),
    platform: { os: String(config.os), architecture: String(config.architecture) },
    created: input.created,
    manifest: manifestBlob.descriptor,
    config: configBlob.descriptor,
    baseLayers: base.layers.map((l) => l.descriptor),
    releaseLayer: layerBlob.descriptor,
    release: { diffId: layer.diffId, workdir: input.image.workdir, files: layer.files },
    base: { reference: input.image.base, manifestDigest: base.manifestDigest, configDigest: base.configDigest },
    process: { entrypoint: settings.entrypoint, user: settings.user, port: input.port },
    signature: signed && input.signer ? { manifestDigest: signed.manifest.descriptor.digest, keyFingerprint: fingerprint(input.signer.publicKeyPem) } : null,
  });
  return { record, payload: signed?.payload ?? null };
}
