// Writes an OCI image layout (oci-layout, index.json, blobs/sha256/<hex>) into a folder: blobs
// first (content-addressed, so one already there is left alone), index.json last, each atomically,
// so a reader never sees an index naming a blob that is not there yet.
import * as path from 'node:path';
import { jsonBytes, OCI_LAYOUT_FILE, type Blob } from '../../core/image/oci.js';
import type { FileSystem } from '../../core/ports.js';

export async function writeLayout(fs: FileSystem, dir: string, blobs: readonly Blob[], index: Record<string, unknown>): Promise<void> {
  const blobDir = path.join(dir, 'blobs', 'sha256');
  await fs.mkdirp(blobDir);
  for (const blob of blobs) {
    const target = path.join(blobDir, blob.descriptor.digest.slice('sha256:'.length));
    if ((await fs.stat(target)) === undefined) await fs.writeAtomic(target, blob.bytes);
  }
  await fs.writeAtomic(path.join(dir, OCI_LAYOUT_FILE.name), OCI_LAYOUT_FILE.content);
  await fs.writeAtomic(path.join(dir, 'index.json'), jsonBytes(index));
}
