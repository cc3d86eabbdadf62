// The evidence functions the report depends on, behind one port: the ledger verifier of the
// evidence store and verifyRun of the security work. Tests may inject a fake; the dashboard and
// the CLI use libraryEvidence.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Checkpoint, DigestCheck, LedgerEvidence, ProvenanceEvidence, SignatureEvidence } from '../../core/report/evidence.js';
import { chainsAtLines, parseLedgerLine, verifyLedgerText } from '../../core/evidence/index.js';
import { checkLedgerAnchors } from '../evidence/anchor-check.js';
import { isSpecgateError } from '../../core/errors.js';
import { verifyRun } from '../security/verify.js';
import { EVIDENCE_FILE, LEDGER_PATH } from '../../core/evidence/vocabulary.js';

/** The whole ledger as read: the report's LedgerEvidence before it is narrowed to one run's checkpoints. */
export type LedgerReading = LedgerEvidence;

export interface RunVerdicts {
  readonly digests: readonly DigestCheck[];
  readonly signatures: SignatureEvidence;
  readonly provenance: ProvenanceEvidence;
}

export interface EvidencePort {
  /** Recomputes the whole ledger chain and returns the selected checkpoints (all by default). */
  verifyLedger(reportsDir: string, select?: LedgerSelection): Promise<LedgerReading & { matched: number }>;
  /** Digests, signatures and provenance of one run directory, verified now. */
  verifyRunDir(runDir: string, publicKeyPem?: string): Promise<RunVerdicts>;
}


/** Which checkpoints to keep in memory: a ledger may hold millions of lines. */
export interface LedgerSelection {
  readonly runId?: string;
  readonly featureSha?: string;
  /** Keep only the last `tail` matching checkpoints (the dashboard's newest-first pages). */
  readonly tail?: number;
}

/** The ledger verifier's defect codes in the report's words (the codes are the contract, not texts). */
const LEDGER_DEFECT: Readonly<Record<string, string>> = {
  torn: 'torn: the last line has no newline (truncated, or a writer was killed mid-line)',
  malformed: 'malformed: not a checkpoint line',
  reordered: 'reordered: the line chains from an earlier line (lines swapped or moved)',
  edited: 'edited: the line does not match its chain (edited, or a line before it was deleted)',
  'chain-mismatch': 'chain mismatch: the chain matches nothing around it (forged, or several lines changed)',
};

/** Line number (1-based) of every byte offset asked for, counting newlines once, in order. */
function lineNumbers(buf: Buffer, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const target of offsets) {
    for (let nl = buf.indexOf(0x0a, pos); nl >= 0 && nl < target; nl = buf.indexOf(0x0a, pos)) {
      line += 1;
      pos = nl + 1;
    }
    out.push(line);
  }
  return out;
}

/**
 * Verifies the chain over the raw bytes and materialises only the selected checkpoints. With a run
 * or feature selected, native substring search jumps from match to match, so a million-line ledger
 * costs one chain verification plus a few parsed lines.
 */
export function readLedger(bytes: Uint8Array, select: LedgerSelection = {}): LedgerReading & { matched: number } {
  const verdict = verifyLedgerText(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const needleText = select.runId !== undefined ? ` | ${select.runId} | ${select.featureSha ?? ''}` : select.featureSha !== undefined ? ` | ${select.featureSha} | ` : undefined;
  // Start offsets of the candidate lines, in file order.
  const starts: number[] = [];
  if (needleText === undefined) {
    for (let pos = 0; pos < buf.length; ) {
      starts.push(pos);
      const nl = buf.indexOf(0x0a, pos);
      pos = nl < 0 ? buf.length : nl + 1;
    }
  } else {
    const needle = Buffer.from(needleText, 'utf8');
    for (let hit = buf.indexOf(needle); hit >= 0; ) {
      const lineStart = buf.lastIndexOf(0x0a, hit) + 1;
      starts.push(lineStart);
      const nl = buf.indexOf(0x0a, hit);
      if (nl < 0) break;
      hit = buf.indexOf(needle, nl + 1);
    }
  }
  const chosen = select.tail === undefined ? starts : starts.slice(-select.tail);
  const numbers = lineNumbers(buf, chosen);
  const checkpoints: Checkpoint[] = [];
  chosen.forEach((start, i) => {
    const nl = buf.indexOf(0x0a, start);
    const e = parseLedgerLine(buf.toString('utf8', start, nl < 0 ? buf.length : nl), numbers[i] ?? 0);
    // The substring search is a prefilter: the parsed columns decide.
    if (e === undefined || (select.runId !== undefined && e.runId !== select.runId) || (select.featureSha !== undefined && e.featureSha !== select.featureSha)) return;
    checkpoints.push({ lineNo: e.line, time: `${e.time.toISOString().slice(0, 19)}Z`, runId: e.runId, featureSha: e.featureSha, stage: e.stage, status: e.status, artifact: e.artifact, chain: e.chain });
  });
  return {
    present: true,
    ok: verdict.ok,
    lines: verdict.lines,
    ...(verdict.firstBad ? { firstBad: { line: verdict.firstBad.line, reason: LEDGER_DEFECT[verdict.firstBad.reason] ?? verdict.firstBad.reason } } : {}),
    checkpoints,
    matched: starts.length,
  };
}

/** `publicKeyPem`: the trusted key anchors and heads must be signed with (else each run's own signing.pub). */
export function libraryEvidence(fs: FileSystem, options: { readonly publicKeyPem?: string } = {}): EvidencePort {
  return {
    verifyLedger: (reportsDir, select) => verifyLedgerFile(fs, options.publicKeyPem, reportsDir, select),
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

async function verifyLedgerFile(fs: FileSystem, publicKeyPem: string | undefined, reportsDir: string, select: LedgerSelection | undefined): Promise<LedgerReading & { matched: number }> {
  const file = path.join(reportsDir, LEDGER_PATH);
  if ((await fs.lstat(file))?.kind !== 'file') return { present: false, ok: false, lines: 0, checkpoints: [], matched: 0 };
  const bytes = await fs.readFile(file);
  const reading = readLedger(bytes, select);
  // The same anchor check as `audit verify`, over the bytes already in memory.
  const anchors = await checkLedgerAnchors({
    fs,
    reportsDir,
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
