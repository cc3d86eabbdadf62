// Ledger anchors: a hash chain alone cannot tell a ledger from a re-chained rewrite of it (anyone
// can recompute SHA-256), nor notice lines cut from the end. Each signed manifest therefore records
// where the ledger stood when its run opened and just before it was sealed (line number + chain),
// and each sealed run leaves a signed head in `audit/heads/`. A rewrite at or before any signed
// anchor changes the chain value at that line, or removes the line: caught without secret state.
import { EvidenceError } from './errors.js';
import { isFeatureSha, isRunId } from './run-id.js';

/** Where the ledger stood at one moment: the 1-based line number and that line's chain value. */
export interface LedgerAnchor {
  readonly line: number;
  readonly chain: string;
}

/** The anchors a run records in its manifest (`manifest.ledger`). */
export interface LedgerAnchors {
  /** The `run | started` checkpoint that opened the run. */
  readonly opened?: LedgerAnchor;
  /** The last checkpoint appended before the run was sealed (its `run | <status>` line). */
  readonly sealed?: LedgerAnchor;
}

export const HEADS_DIR = 'heads';
export const HEAD_SCHEMA_VERSION = 1;

/** `audit/heads/<run-id>-<feature-sha>.json`: the ledger head signed when a run was sealed. */
export interface LedgerHead extends LedgerAnchor {
  readonly schemaVersion: typeof HEAD_SCHEMA_VERSION;
  readonly runId: string;
  readonly featureSha: string;
  readonly sealedAt: string;
  readonly publicKeyFingerprint: string;
}

export function headFileName(runId: string, featureSha: string): string {
  return `${runId}-${featureSha}.json`;
}

const CHAIN = /^[0-9a-f]{64}$/;

export function isLedgerAnchor(value: unknown): value is LedgerAnchor {
  const a = value as Partial<LedgerAnchor> | null;
  return typeof a === 'object' && a !== null && Number.isSafeInteger(a.line) && (a.line ?? 0) >= 1 && typeof a.chain === 'string' && CHAIN.test(a.chain);
}

export function serializeHead(head: LedgerHead): string {
  const ordered: LedgerHead = {
    schemaVersion: head.schemaVersion,
    runId: head.runId,
    featureSha: head.featureSha,
    line: head.line,
    chain: head.chain,
    sealedAt: head.sealedAt,
    publicKeyFingerprint: head.publicKeyFingerprint,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Parses a head file defensively (attacker-controlled); throws LEDGER_HEAD_INVALID naming it. */
export function parseHead(text: string, path: string): LedgerHead {
  const bad = (why: string): never => {
    throw new EvidenceError('LEDGER_HEAD_INVALID', `ledger head ${why}`, { path, hint: 'a head file is written and signed by specgate when a run is sealed; restore it from a trusted copy' });
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('is not valid JSON');
  }
  const h = value as Partial<LedgerHead> | null;
  if (typeof h !== 'object' || h === null) return bad('is not a JSON object');
  if (h.schemaVersion !== HEAD_SCHEMA_VERSION) bad(`schemaVersion is not ${HEAD_SCHEMA_VERSION}`);
  if (typeof h.runId !== 'string' || !isRunId(h.runId)) bad('runId is not a run id');
  if (typeof h.featureSha !== 'string' || !isFeatureSha(h.featureSha)) bad('featureSha is not a feature SHA');
  if (!isLedgerAnchor({ line: h.line, chain: h.chain })) bad('has no valid line and chain');
  if (typeof h.sealedAt !== 'string' || typeof h.publicKeyFingerprint !== 'string') bad('has no sealedAt or publicKeyFingerprint');
  return h as LedgerHead;
}

/** Where an anchor came from, for the message that names it. */
export interface AnchorClaim {
  /** e.g. `005cc0262265/20250924140440/manifest.json (opened)` or `audit/heads/….json`. */
  readonly source: string;
  readonly anchor: LedgerAnchor;
  /** Whether a signature over the claim verified (with the trusted key, or the run's own key). */
  readonly signed: boolean;
}

export interface AnchorProblem {
  /** `rewritten`/`truncated`: the ledger differs from a claim; `signature`/`unreadable`: the claim itself cannot be trusted. */
  readonly kind: 'rewritten' | 'truncated' | 'signature' | 'unreadable';
  readonly source: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Compares every claimed anchor with the chain as it stands. `chainAt` maps a line number to its
 * chain column (absent: the ledger has fewer lines). Pure; the caller verified the signatures.
 */
export function anchorProblems(claims: readonly AnchorClaim[], chainAt: ReadonlyMap<number, string>, lines: number): AnchorProblem[] {
  const problems: AnchorProblem[] = [];
  for (const { source, anchor } of claims) {
    const actual = chainAt.get(anchor.line);
    if (anchor.line > lines || actual === undefined) {
      problems.push({ kind: 'truncated', source, line: anchor.line, message: `${source} anchors line ${anchor.line} but the ledger has only ${lines} line(s): lines were cut (truncated)` });
    } else if (actual !== anchor.chain) {
      problems.push({ kind: 'rewritten', source, line: anchor.line, message: `${source} anchors line ${anchor.line} at chain ${anchor.chain.slice(0, 16)}… but the ledger has ${actual.slice(0, 16)}… there: the ledger was rewritten at or before line ${anchor.line}` });
    }
  }
  return problems.sort((a, b) => a.line - b.line || (a.source < b.source ? -1 : 1));
}

/** The one verdict `audit verify`, `report` and the dashboard all show. */
export interface AnchorVerdict {
  readonly ok: boolean;
  /** `given`: the trusted key (--key / signing.publicKey); `run`: each run's own signing.pub (self-consistency only). */
  readonly keySource: 'given' | 'run';
  readonly keyFingerprint?: string;
  /** Finished runs whose anchors were compared, and of those, how many had a verified signature. */
  readonly runs: number;
  readonly signedRuns: number;
  /** Finished runs recorded before anchoring existed (no `ledger` in the manifest). */
  readonly unanchoredRuns: number;
  readonly heads: number;
  readonly problems: readonly AnchorProblem[];
}

/** One line for humans: what was compared and with which key. */
export function describeAnchorVerdict(v: AnchorVerdict): string {
  const key = v.keySource === 'given' ? `trusted key ${v.keyFingerprint?.slice(0, 16) ?? ''}…` : "each run's own signing.pub (self-consistency only: pass --key or set signing.publicKey)";
  const older = v.unanchoredRuns > 0 ? `, ${v.unanchoredRuns} older run(s) without anchors` : '';
  return `anchors of ${v.runs} run(s) (${v.signedRuns} signed) and ${v.heads} head(s) checked with ${key}${older}`;
}

/** The short form the report and dashboard append to the chain verdict. */
export function summarizeAnchorVerdict(v: AnchorVerdict): string {
  if (v.runs === 0 && v.heads === 0) return 'no signed anchors to compare yet';
  const key = v.keySource === 'given' ? 'the trusted key' : "each run's own key (no trusted key given)";
  return `anchors of ${v.runs} run(s) and ${v.heads} head(s) match, signatures checked with ${key}`;
}

const NEWLINE = 0x0a;
const CHAIN_SUFFIX = 64;

/**
 * Streams ledger bytes and keeps the chain column of the wanted line numbers only, so checking a
 * thousand anchors against a million-line ledger is one pass with no per-line allocation.
 */
export class ChainLocator {
  private line = 1;
  private carry: Buffer = Buffer.alloc(0);
  private readonly found = new Map<number, string>();
  private readonly max: number;

  constructor(private readonly wanted: ReadonlySet<number>) {
    this.max = wanted.size === 0 ? 0 : Math.max(...wanted);
  }

  get done(): boolean {
    return this.line > this.max;
  }

  feed(chunk: Uint8Array): void {
    if (this.done) return;
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry.length > 0) data = Buffer.concat([this.carry, data]);
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
      if (this.wanted.has(this.line) && nl - start >= CHAIN_SUFFIX) this.found.set(this.line, data.toString('latin1', nl - CHAIN_SUFFIX, nl));
      this.line += 1;
      start = nl + 1;
      if (this.done) break;
    }
    this.carry = Buffer.from(data.subarray(start));
  }

  /** Chains of the wanted lines that exist and end with a newline (a torn last line counts as absent). */
  end(): Map<number, string> {
    return this.found;
  }
}

export function chainsAtLines(bytes: Uint8Array, wanted: ReadonlySet<number>): Map<number, string> {
  const locator = new ChainLocator(wanted);
  locator.feed(bytes);
  return locator.end();
}
