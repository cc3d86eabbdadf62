// The image domain's port: where image bytes come from. The base image named in specgate.yaml, the
// layouts the project built, and the release archive, each read (and checked) by an adapter; the
// use cases in src/app/image assemble and write layouts through the FileSystem port only.
import type { Blob } from './oci.js';
import type { BaseReference } from './reference.js';
import type { ReleaseFile } from './release-layer.js';

/** The files of one OCI layout (a folder, or an archive read whole), by path inside it. */
export interface BlobStore {
  /** Bytes of a file of the layout (`index.json`, `blobs/sha256/<hex>`), or undefined. */
  file(rel: string, limit: number): Promise<Buffer | undefined>;
  /** How errors name the layout (e.g. `build.image.base (oci:images/base)`). */
  readonly where: string;
}

/** The base image a build starts from: its manifest digest, config and layers, every blob checked. */
export interface BaseImage {
  readonly manifestDigest: string;
  readonly config: Record<string, unknown>;
  readonly configDigest: string;
  readonly layers: readonly Blob[];
}

export interface ImageSources {
  /** Reads build.image.base (confined to the project root), picking the tag and platform. */
  readBaseImage(root: string, ref: BaseReference, platform: string): Promise<BaseImage>;
  /** A layout folder's files; a symlink out of the folder is refused. */
  layout(dir: string, where: string): BlobStore;
  /** The entries of a release.tar.gz (named `archive` in errors). */
  readRelease(bytes: Uint8Array, archive: string): ReleaseFile[];
}
