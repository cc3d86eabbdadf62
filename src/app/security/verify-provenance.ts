// The provenance steps of `specgate verify` (verify.ts): the signed in-toto statement must name
// exactly the files present and describe this run; the optional Sigstore bundle must verify and
// carry the same statement.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { VerificationError } from '../../core/security/errors.js';
import { verifyStatementEnvelope } from '../../core/security/envelope.js';
import { provenanceRunFacts } from '../../core/security/provenance.js';
import { checkSigstoreDsseBundle } from '../../core/security/sigstore-check.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { readIfFile, type Findings } from './verify-files.js';

export interface ProvenanceVerdict {
  readonly state: 'missing' | 'valid' | 'invalid' | 'unverified';
  readonly detail: string;
}

/** Names whose digest the statement claims differently from the files present, or claims without a file. */
function subjectMismatches(claimed: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): string[] {
  const mismatched: string[] = [];
  for (const [name, digest] of actual) if (claimed.get(name) !== digest) mismatched.push(name);
  for (const name of claimed.keys()) if (!actual.has(name)) mismatched.push(name);
  return [...new Set(mismatched)].sort();
}

export async function checkProvenance(
  fs: FileSystem,
  runDir: string,
  key: KeyObject | undefined,
  actual: ReadonlyMap<string, string>,
  manifest: Readonly<Record<string, unknown>>,
  findings: Findings,
): Promise<ProvenanceVerdict> {
  const bytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.provenance));
  if (bytes === undefined) return { state: 'missing', detail: `no ${EVIDENCE_FILE.provenance}` };
  if (key === undefined) return { state: 'unverified', detail: 'no public key to verify the provenance with' };
  const invalid = (detail: string, message = detail): ProvenanceVerdict => {
    findings.problem('PROVENANCE_INVALID', EVIDENCE_FILE.provenance, message);
    return { state: 'invalid', detail };
  };
  const lines = Buffer.from(bytes).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  try {
    if (lines.length !== 1) throw new VerificationError('PROVENANCE_INVALID', `${EVIDENCE_FILE.provenance} holds ${lines.length} envelopes, expected 1`);
    const statement = verifyStatementEnvelope(lines[0] ?? '', key, EVIDENCE_FILE.provenance);
    const claimed = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
    const names = subjectMismatches(claimed, actual);
    if (names.length > 0) return invalid(`subjects differ for ${names.join(', ')}`, `provenance subjects do not match the files: ${names.join(', ')}`);
    // The statement must describe this run: the same run id, feature SHA and mode as the manifest.
    const run: Record<string, unknown> = provenanceRunFacts(statement.predicate);
    const differs = (['runId', 'featureSha', 'mode'] as const).filter((k) => manifest[k] !== undefined && run[k] !== manifest[k]);
    if (differs.length > 0) {
      const what = differs.map((k) => `${k} ${JSON.stringify(run[k])} (manifest: ${JSON.stringify(manifest[k])})`).join(', ');
      return invalid(`describes another run: ${what}`, `the provenance describes another run: ${what}`);
    }
    const about = typeof run.runId === 'string' ? ` for run ${run.runId}, feature ${String(run.featureSha)}, ${String(run.mode)} mode` : '';
    return { state: 'valid', detail: `signed statement covers ${claimed.size} files${about}` };
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    return invalid(error.message);
  }
}

/** The optional Sigstore bundle must verify and carry the same statement as provenance.intoto.jsonl. */
export async function checkSigstoreBundle(fs: FileSystem, runDir: string, key: KeyObject | undefined, hint: string | undefined, findings: Findings): Promise<void> {
  if (key === undefined || hint === undefined) return;
  const bytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.sigstoreBundle));
  if (bytes === undefined) return;
  let payload: string;
  try {
    payload = checkSigstoreDsseBundle(Buffer.from(bytes).toString('utf8'), key, hint);
  } catch (error) {
    findings.problem('PROVENANCE_INVALID', EVIDENCE_FILE.sigstoreBundle, `the Sigstore bundle does not verify: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const envelope = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.provenance));
  let expected: unknown;
  try {
    expected = envelope === undefined ? undefined : (JSON.parse(Buffer.from(envelope).toString('utf8')) as { payload?: unknown }).payload;
  } catch {
    // A damaged provenance file is reported by checkProvenance; the bundle cannot match it.
  }
  if (payload !== expected) findings.problem('PROVENANCE_INVALID', EVIDENCE_FILE.sigstoreBundle, `the Sigstore bundle carries another statement than ${EVIDENCE_FILE.provenance}`);
}
