// The evidence functions the report depends on, behind one port: the ledger verifier of the
// evidence store and verifyRun of the security work. Tests may inject a fake; the dashboard and
// the CLI use libraryEvidence.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { DigestCheck, ProvenanceEvidence, SignatureEvidence } from '../../core/report/evidence.js';
import { chainsAtLines } from '../../core/evidence/index.js';
import { checkLedgerAnchors, collectAnchorClaims, type AnchorClaims } from '../evidence/anchor-check.js';
import { isSpecgateError } from '../../core/errors.js';
import { verifyRun } from '../security/verify.js';
import { EVIDENCE_FILE, LEDGER_PATH } from '../../core/evidence/vocabulary.js';
import { readLedger, type LedgerReading, type LedgerSelection } from './ledger-reading.js';

export { readLedger, type LedgerReading, type LedgerSelection } from './ledger-reading.js';

export interface RunVerdicts {
  readonly digests: readonly DigestCheck[];
  readonly signatures: SignatureEvidence;
  readonly provenance: ProvenanceEvidence;
}

/**
 * Where the anchor claims (what manifests and signed heads say the ledger was) come from: `collect`
 * reads them all; a cache returns them again while what they were read from is unchanged. The
 * claims are checked against the ledger as read now either way.
 */
export type AnchorClaimsSource = (reportsDir: string, collect: () => Promise<AnchorClaims>) => Promise<AnchorClaims>;

export interface EvidencePort {
  /**
   * Recomputes the whole ledger chain and returns the selected checkpoints (all by default), with
   * the anchors claimed by the runs and signed heads checked against it (claims from `claims`).
   */
  verifyLedger(reportsDir: string, select?: LedgerSelection, claims?: AnchorClaimsSource): Promise<LedgerReading & { matched: number }>;
  /** Digests, signatures and provenance of one run directory, verified now. */
  verifyRunDir(runDir: string, publicKeyPem?: string): Promise<RunVerdicts>;
}


/** `publicKeyPem`: the trusted key anchors and heads must be signed with (else each run's own signing.pub). */
export function libraryEvidence(fs: FileSystem, options: { readonly publicKeyPem?: string } = {}): EvidencePort {
  return {
    verifyLedger: (reportsDir, select, claims) => verifyLedgerFile(fs, options.publicKeyPem, reportsDir, select, claims),
    async verifyRunDir(runDir, publicKeyPem) {
      try {
        return runVerdicts(await verifyRun(runDir, publicKeyPem, { fs }));
      } catch (error) {
        if (!isSpecgateError(error)) throw error;
        const detail = `${error.code}: ${error.message}`;
        return {
          digests: [{ path: EVIDENCE_FILE.manifest, status: 'mismatch', detail }],
          signatures: { keySource: 'none', files: [{ path: EVIDENCE_FILE.manifest, status: 'invalid', detail }], unexpected: [] },
          provenance: { state: 'invalid', detail },
        };
      }
    },
  };
}

async function verifyLedgerFile(fs: FileSystem, publicKeyPem: string | undefined, reportsDir: string, select: LedgerSelection | undefined, claims: AnchorClaimsSource | undefined): Promise<LedgerReading & { matched: number }> {
  const file = path.join(reportsDir, LEDGER_PATH);
  if ((await fs.lstat(file))?.kind !== 'file') return { present: false, ok: false, lines: 0, checkpoints: [], matched: 0 };
  const bytes = await fs.readFile(file);
  const reading = readLedger(bytes, select);
  // The same anchor check as `audit verify`, over the bytes already in memory.
  const key = publicKeyPem === undefined ? {} : { publicKeyPem };
  const collect = () => collectAnchorClaims({ fs, reportsDir, ...key });
  const anchors = await checkLedgerAnchors({
    fs,
    reportsDir,
    claims: await (claims === undefined ? collect() : claims(reportsDir, collect)),
    lines: reading.ok ? reading.lines : Number.MAX_SAFE_INTEGER,
    chainsAt: (wanted) => Promise.resolve(chainsAtLines(bytes, wanted)),
    ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
  });
  return { ...reading, anchors };
}

type Verification = Awaited<ReturnType<typeof verifyRun>>;

// Our own wording for each state: the report (and its golden files) must not depend on another
// module's message texts; the codes are the contract.
const SIGNATURE_DETAIL: Readonly<Record<string, string>> = {
  valid: 'signature valid',
  missing: '.sig missing',
  invalid: 'signature does not verify (the file or its .sig changed, or another key signed it)',
  unchecked: 'not checked: no public key',
};

/** verifyRun's result in the report's words: digests, signatures, provenance. */
function runVerdicts(v: Verification): RunVerdicts {
  const digests = v.files
    .filter((f) => f.path !== EVIDENCE_FILE.manifest)
    .map((f): DigestCheck => ({
      path: f.path,
      status: f.digest === 'ok' ? 'ok' : f.digest === 'missing' ? 'missing' : 'mismatch',
      detail: f.digest === 'ok' ? 'digest matches' : f.digest === 'missing' ? 'listed in manifest.json but missing' : 'sha256 or size differs from manifest.json (modified after it was recorded)',
    }));
  return { digests, signatures: signatureEvidence(v), provenance: provenanceEvidence(v) };
}

function signatureEvidence(v: Verification): SignatureEvidence {
  const unsigned = v.keySource === 'none' && v.files.every((f) => f.signature === 'unchecked');
  return {
    keySource: v.keySource,
    ...(v.fingerprint === undefined ? {} : { fingerprint: v.fingerprint }),
    ...(v.manifestFingerprint === undefined ? {} : { manifestFingerprint: v.manifestFingerprint }),
    files: unsigned
      ? []
      : v.files.map((f) => ({
          path: f.path,
          status: f.signature === 'valid' ? 'valid' : f.signature === 'missing' ? 'missing' : 'invalid',
          detail: f.digest === 'modified' ? `${SIGNATURE_DETAIL[f.signature] ?? f.signature}; the file no longer matches its manifest digest` : (SIGNATURE_DETAIL[f.signature] ?? f.signature),
        })),
    unexpected: v.unexpected,
  };
}

function provenanceEvidence(v: Verification): ProvenanceEvidence {
  const bundleProblem = v.problems.find((p) => p.path === EVIDENCE_FILE.sigstoreBundle);
  // The Sigstore bundle carries the same statement: an edited bundle is a provenance failure too.
  if (bundleProblem !== undefined && v.provenance.state === 'valid') return { state: 'invalid', detail: `${EVIDENCE_FILE.sigstoreBundle}: ${bundleProblem.message}` };
  switch (v.provenance.state) {
    case 'valid':
      return { state: 'valid', detail: "DSSE signature valid; its subjects match the run's files" };
    case 'missing':
      return { state: 'missing', detail: 'provenance.intoto.jsonl is missing' };
    case 'unverified':
      return { state: 'unverified', detail: 'no public key to verify provenance.intoto.jsonl with' };
    default:
      return { state: 'invalid', detail: `provenance.intoto.jsonl does not verify: ${v.provenance.detail}` };
  }
}
