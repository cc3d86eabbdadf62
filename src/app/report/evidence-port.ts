// The evidence functions the report depends on, behind one port: the ledger verifier of the
// evidence store and verifyRun of the security work. Tests may inject a fake; the dashboard and
// the CLI use libraryEvidence.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Checkpoint, DigestCheck, ProvenanceEvidence, SignatureEvidence } from '../../core/report/evidence.js';
import { parseLedgerLine, verifyLedgerText } from '../../core/evidence/index.js';
import { isSpecgateError } from '../../core/errors.js';
import { verifyRun } from '../security/verify.js';

export interface LedgerReading {
  readonly present: boolean;
  readonly ok: boolean;
  readonly lines: number;
  readonly firstBad?: { readonly line: number; readonly reason: string };
  /** Every well-formed checkpoint line, in ledger order. */
  readonly checkpoints: readonly Checkpoint[];
}

export interface RunVerdicts {
  readonly digests: readonly DigestCheck[];
  readonly signatures: SignatureEvidence;
  readonly provenance: ProvenanceEvidence;
}

export interface EvidencePort {
  /** Recomputes the whole ledger chain and returns every checkpoint. */
  verifyLedger(reportsDir: string): Promise<LedgerReading>;
  /** Digests, signatures and provenance of one run directory, verified now. */
  verifyRunDir(runDir: string, publicKeyPem?: string): Promise<RunVerdicts>;
}

export const LEDGER_FILE = path.join('audit', 'checkpoints.log');

export function readLedger(text: string): LedgerReading {
  const verdict = verifyLedgerText(text);
  const checkpoints: Checkpoint[] = [];
  text.split('\n').forEach((line, i) => {
    const e = parseLedgerLine(line, i + 1);
    if (e !== undefined) {
      checkpoints.push({ lineNo: e.line, time: `${e.time.toISOString().slice(0, 19)}Z`, runId: e.runId, featureSha: e.featureSha, stage: e.stage, status: e.status, artifact: e.artifact, chain: e.chain });
    }
  });
  return {
    present: true,
    ok: verdict.ok,
    lines: verdict.lines,
    ...(verdict.firstBad ? { firstBad: { line: verdict.firstBad.line, reason: `${verdict.firstBad.reason}: ${verdict.firstBad.message}` } } : {}),
    checkpoints,
  };
}

export function libraryEvidence(fs: FileSystem): EvidencePort {
  return {
    async verifyLedger(reportsDir) {
      const file = path.join(reportsDir, LEDGER_FILE);
      if ((await fs.lstat(file))?.kind !== 'file') return { present: false, ok: false, lines: 0, checkpoints: [] };
      return readLedger(await fs.readText(file));
    },
    async verifyRunDir(runDir, publicKeyPem) {
      try {
        const v = await verifyRun(runDir, publicKeyPem, { fs });
        const digests = v.files
          .filter((f) => f.path !== 'manifest.json')
          .map((f): DigestCheck => ({
            path: f.path,
            status: f.digest === 'ok' ? 'ok' : f.digest === 'missing' ? 'missing' : 'mismatch',
            detail: f.digest === 'ok' ? 'digest matches' : f.digest === 'missing' ? 'listed in manifest.json but missing' : 'sha256 or size differs from manifest.json (modified after it was recorded)',
          }));
        const problemFor = (p: string): string | undefined =>
          v.problems.find((x) => x.code.startsWith('SIGNATURE') && (x.path === p || x.path === `${p}.sig`))?.message;
        const unsigned = v.keySource === 'none' && v.files.every((f) => f.signature === 'unchecked');
        return {
          digests,
          signatures: {
            keySource: v.keySource,
            ...(v.fingerprint === undefined ? {} : { fingerprint: v.fingerprint }),
            ...(v.manifestFingerprint === undefined ? {} : { manifestFingerprint: v.manifestFingerprint }),
            files: unsigned
              ? []
              : v.files.map((f) => ({
                  path: f.path,
                  status: f.signature === 'valid' ? 'valid' : f.signature === 'missing' ? 'missing' : 'invalid',
                  detail: f.signature === 'valid' ? 'signature valid' : (problemFor(f.path) ?? `signature ${f.signature}`),
                })),
            unexpected: v.unexpected,
          },
          provenance: v.provenance,
        };
      } catch (error) {
        if (!isSpecgateError(error)) throw error;
        const detail = `${error.code}: ${error.message}`;
        return {
          digests: [{ path: 'manifest.json', status: 'mismatch', detail }],
          signatures: { keySource: 'none', files: [{ path: 'manifest.json', status: 'invalid', detail }], unexpected: [] },
          provenance: { state: 'invalid', detail },
        };
      }
    },
  };
}
