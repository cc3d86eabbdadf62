// cosign's image signature: the Red Hat "simple signing" payload naming the manifest digest, and the
// signature manifest cosign stores under the tag `sha256-<hex>.sig` (the payload as its one layer,
// the base64 signature as the layer's `dev.cosignproject.cosign/signature` annotation). Pure.
import { blobOf, jsonBytes, MEDIA_TYPES, type Blob } from './oci.js';

export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

export interface SimpleSigningPayload {
  readonly critical: {
    readonly identity: { readonly 'docker-reference': string };
    readonly image: { readonly 'docker-manifest-digest': string };
    readonly type: typeof COSIGN_SIGNATURE_TYPE;
  };
  readonly optional: Readonly<Record<string, string>>;
}

export function simpleSigningPayload(name: string, manifestDigest: string, optional: Readonly<Record<string, string>>): SimpleSigningPayload {
  return {
    critical: { identity: { 'docker-reference': name }, image: { 'docker-manifest-digest': manifestDigest }, type: COSIGN_SIGNATURE_TYPE },
    optional,
  };
}

/** The blobs of the signature artifact: payload layer, cosign's placeholder config, and the manifest. */
export function signatureArtifact(payload: Buffer, signatureBase64: string): { payload: Blob; config: Blob; manifest: Blob } {
  const layer = blobOf(payload, MEDIA_TYPES.simpleSigning, { [COSIGN_SIGNATURE_ANNOTATION]: signatureBase64 });
  // cosign writes this minimal config (zero times, the payload digest as the only diff_id).
  const config = blobOf(
    jsonBytes({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: [layer.descriptor.digest] },
      config: {},
    }),
    MEDIA_TYPES.config,
  );
  const manifest = blobOf(
    jsonBytes({ schemaVersion: 2, mediaType: MEDIA_TYPES.manifest, config: config.descriptor, layers: [layer.descriptor] }),
    MEDIA_TYPES.manifest,
  );
  return { payload: layer, config, manifest };
}
