// The SBOM of the image: the image becomes the top component (type container, pkg:oci purl naming
// its manifest digest), the base image is recorded beside the release's packages, and the
// release's dependency components nest under it — what ships is what the image contains.
import { contentUuid } from '../security/sbom.js';
import type { ImageRecord } from './record.js';

/** pkg:oci/<last path segment>@sha256%3A<hex>?repository_url=<repository> (purl-spec oci type). */
export function ociPurl(repository: string, digest: string, qualifiers: Readonly<Record<string, string>> = {}): string {
  const name = (repository.split('/').at(-1) ?? repository).toLowerCase();
  const query = Object.entries({ repository_url: repository, ...qualifiers })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2F/g, '/')}`)
    .join('&');
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(digest)}?${query}`;
}

type Json = Record<string, unknown>;
const SERIAL_PLACEHOLDER = 'urn:uuid:00000000-0000-0000-0000-000000000000';
const TIMESTAMP_PLACEHOLDER = '1970-01-01T00:00:00Z';

/** Returns the SBOM text with the image component on top; its serial number re-derived from the new content. */
export function nestUnderImage(sbomJson: string, image: ImageRecord): string {
  const doc = JSON.parse(sbomJson) as Json;
  const hex = (digest: string): string => digest.replace(/^sha256:/, '');
  const basePath = image.base.reference.replace(/^[a-z-]+:/, '').replace(/:[^/:]*$/, '');
  const baseName = (basePath.split('/').at(-1) ?? 'base').toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'base';
  const base = {
    type: 'container',
    'bom-ref': `image-base:${image.base.manifestDigest}`,
    name: baseName,
    version: image.base.manifestDigest,
    purl: ociPurl(baseName, image.base.manifestDigest),
    hashes: [{ alg: 'SHA-256', content: hex(image.base.manifestDigest) }],
    properties: [{ name: 'specgate:image:base-reference', value: image.base.reference }],
  };
  const component = {
    type: 'container',
    'bom-ref': `image:${image.manifest.digest}`,
    name: image.name,
    version: image.manifest.digest,
    purl: ociPurl(image.name, image.manifest.digest, { arch: image.platform.architecture }),
    hashes: [{ alg: 'SHA-256', content: hex(image.manifest.digest) }],
    properties: [
      { name: 'specgate:image:base', value: `${image.base.reference}@${image.base.manifestDigest}` },
      { name: 'specgate:image:config-digest', value: image.config.digest },
      { name: 'specgate:image:release-layer', value: image.layers.at(-1)?.digest ?? '' },
    ],
    components: [base, ...(Array.isArray(doc.components) ? (doc.components as unknown[]) : [])],
  };
  const dependencies: unknown[] = Array.isArray(doc.dependencies) ? (doc.dependencies as unknown[]) : [];
  // As in buildSbom: the serial is a hash of the content with serial and timestamp as placeholders.
  const metadata = (doc.metadata ?? {}) as Json;
  const timestamp = typeof metadata.timestamp === 'string' ? metadata.timestamp : TIMESTAMP_PLACEHOLDER;
  const next = {
    ...doc,
    serialNumber: SERIAL_PLACEHOLDER,
    metadata: { ...metadata, timestamp: TIMESTAMP_PLACEHOLDER },
    components: [component],
    dependencies: [...dependencies, { ref: component['bom-ref'], dependsOn: [base['bom-ref']] }],
  };
  const template = JSON.stringify(next, null, 2);
  const filled = template
    .replace(`"serialNumber": "${SERIAL_PLACEHOLDER}"`, `"serialNumber": "${contentUuid(template)}"`)
    .replace(`"timestamp": "${TIMESTAMP_PLACEHOLDER}"`, `"timestamp": "${timestamp}"`);
  return `${filled}\n`;
}
