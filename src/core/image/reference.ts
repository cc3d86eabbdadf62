// Image references as specgate reads and writes them: the base (`oci:DIR[:TAG]`,
// `oci-archive:FILE[:TAG]`, `docker-archive:FILE`, the transports skopeo names the same way) and
// the name a built image is published under (`registry/repo`, no tag: images are named by digest).
import { ImageError } from './errors.js';

export const BASE_TRANSPORTS = ['oci', 'oci-archive', 'docker-archive'] as const;
export type BaseTransport = (typeof BASE_TRANSPORTS)[number];

export interface BaseReference {
  readonly transport: BaseTransport;
  /** Path as written in specgate.yaml (relative to the project root). */
  readonly path: string;
  /** Tag inside the layout/archive (`org.opencontainers.image.ref.name`); undefined = the only image. */
  readonly tag?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Parses `transport:path[:tag]`; the tag is whatever follows the last ':' when it is a valid tag. */
export function parseBaseReference(text: string, where = 'build.image.base'): BaseReference {
  const colon = text.indexOf(':');
  const transport = text.slice(0, colon) as BaseTransport;
  if (colon <= 0 || !BASE_TRANSPORTS.includes(transport)) {
    throw new ImageError('BASE_REFERENCE_INVALID', `${where}: '${text}' is not oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE`, {
      hint: 'pull a base first, e.g. `skopeo copy docker://docker.io/library/node:20-slim oci:images/node:20-slim`, then set base: oci:images/node:20-slim',
    });
  }
  const rest = text.slice(colon + 1);
  const last = rest.lastIndexOf(':');
  const tag = last > 0 && transport !== 'docker-archive' && TAG.test(rest.slice(last + 1)) ? rest.slice(last + 1) : undefined;
  const path = tag === undefined ? rest : rest.slice(0, last);
  if (path === '') throw new ImageError('BASE_REFERENCE_INVALID', `${where}: '${text}' names no path`, { hint: 'write oci:path/to/layout:tag' });
  return { transport, path, ...(tag === undefined ? {} : { tag }) };
}

// docker/distribution's reference grammar, reduced to what a repository name may be.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
const REPOSITORY = new RegExp(`^${DOMAIN}${COMPONENT}(?:/${COMPONENT})*$`);

/** Checks a repository name (no tag, no digest) such as `registry.example/team/payments`. */
export function checkImageName(name: string, where = 'build.image.name'): string {
  if (name.length > 255 || !REPOSITORY.test(name)) {
    throw new ImageError('IMAGE_NAME_INVALID', `${where}: '${name}' is not a repository name (lowercase, no tag or digest)`, {
      hint: 'write e.g. registry.example/team/payments; specgate names the image by digest',
    });
  }
  return name;
}

/** `name@sha256:…`: the only form specgate deploys. */
export function digestReference(name: string, digest: string): string {
  return `${name}@${digest}`;
}

/** True when an image reference pins a digest (`…@sha256:<64 hex>`). */
export function isDigestReference(reference: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(reference);
}

/** The cosign convention's tag for the signature of `digest`: `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}
