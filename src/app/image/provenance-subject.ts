// The image as a provenance subject: a run that built an image names it in its provenance by
// repository and manifest digest (as SLSA does for container images), beside its evidence files,
// so `cosign verify-attestation`-style tooling can tie the image to the run that built it.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { parseImageRecord } from './run-image.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

/** `{path: <repository>, sha256: <manifest digest hex>}` from image.json bytes, or undefined. */
export function imageSubjectOf(bytes: Uint8Array | undefined, where: string): { path: string; sha256: string } | undefined {
  if (bytes === undefined) return undefined;
  const record = parseImageRecord(Buffer.from(bytes).toString('utf8'), where);
  return { path: record.name, sha256: record.manifest.digest.slice('sha256:'.length) };
}

/** The run's image subject when its manifest lists image.json. */
export async function imageSubject(fs: FileSystem, runDir: string, listed: readonly string[]): Promise<{ path: string; sha256: string } | undefined> {
  if (!listed.includes(EVIDENCE_FILE.image)) return undefined;
  return imageSubjectOf(await fs.readFile(path.join(runDir, EVIDENCE_FILE.image)), EVIDENCE_FILE.image);
}
