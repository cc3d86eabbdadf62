// Writes the run's signed provenance (`provenance.intoto.jsonl`): one DSSE envelope holding the
// in-toto statement whose subjects are every manifest artifact plus the manifest itself.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import { parseRunManifest } from '../../core/security/manifest.js';
import { buildProvenance, type ProvenanceInput, type Statement } from '../../core/security/provenance.js';
import { signStatement } from '../../core/security/envelope.js';
import { sha256Hex } from '../../core/data.js';
import { sigstoreBundle } from './sigstore-bundle.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { imageSubject } from '../image/provenance-subject.js';

/** The subjects of a run: every manifest artifact with its recorded digest, manifest.json's digest, and the image the run built. */
export async function runSubjects(runDir: string, fs: FileSystem): Promise<{ path: string; sha256: string }[]> {
  const text = await fs.readFile(path.join(runDir, EVIDENCE_FILE.manifest));
  const manifest = parseRunManifest(Buffer.from(text).toString('utf8'));
  const image = await imageSubject(fs, runDir, manifest.artifacts.map((a) => a.path));
  return [...manifest.artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })), { path: EVIDENCE_FILE.manifest, sha256: sha256Hex(text) }, ...(image ? [image] : [])];
}

/**
 * Builds the statement for `input` (its `artifacts` default to the run's subjects), signs it and
 * writes `<runDir>/provenance.intoto.jsonl` atomically, plus the same statement as a Sigstore
 * bundle in `provenance.sigstore.json`. Returns the statement written.
 */
export async function writeSignedProvenance(
  runDir: string,
  input: Omit<ProvenanceInput, 'artifacts'> & { readonly artifacts?: ProvenanceInput['artifacts'] },
  signer: Signer,
  fs: FileSystem,
): Promise<Statement> {
  const artifacts = input.artifacts ?? (await runSubjects(runDir, fs));
  const statement = buildProvenance({ ...input, artifacts });
  const envelope = await signStatement(statement, signer);
  const bundle = await sigstoreBundle(statement, signer);
  await fs.writeAtomic(path.join(runDir, EVIDENCE_FILE.provenance), `${JSON.stringify(envelope)}\n`);
  await fs.writeAtomic(path.join(runDir, EVIDENCE_FILE.sigstoreBundle), bundle);
  return statement;
}
