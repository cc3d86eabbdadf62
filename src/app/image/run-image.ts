// Reads a run's image.json back (deploy, push, report): the evidence file is the one source of
// which image a run built. Checked on read — a hand-edited file must not deploy a tag.
import * as path from 'node:path';
import { ImageError } from '../../core/image/errors.js';
import { type ImageRecord } from '../../core/image/record.js';
import { isDigestReference } from '../../core/image/reference.js';
import type { FileSystem } from '../../core/ports.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

const MAX_RECORD_BYTES = 1024 * 1024;

export function parseImageRecord(text: string, where: string): ImageRecord {
  let doc: Partial<ImageRecord> | undefined;
  try {
    doc = JSON.parse(text) as Partial<ImageRecord>;
  } catch {
    doc = undefined;
  }
  if (doc?.schemaVersion !== 1 || typeof doc.reference !== 'string' || !isDigestReference(doc.reference) || typeof doc.layout !== 'string' || typeof doc.process?.user !== 'string') {
    throw new ImageError('IMAGE_NOT_BUILT', `${where} is not a valid image record (schemaVersion 1, reference name@sha256:…)`, { path: where, hint: 'rebuild the image with `specgate run`' });
  }
  return doc as ImageRecord;
}

/** The run's image record, or undefined when the run built no image. */
export async function readRunImage(fs: FileSystem, runDir: string): Promise<ImageRecord | undefined> {
  const file = path.join(runDir, EVIDENCE_FILE.image);
  const info = await fs.stat(file);
  if (info?.kind !== 'file') return undefined;
  if (info.size > MAX_RECORD_BYTES) throw new ImageError('IMAGE_NOT_BUILT', `${file} is over ${MAX_RECORD_BYTES} bytes`, { path: file });
  return parseImageRecord(await fs.readText(file), file);
}
