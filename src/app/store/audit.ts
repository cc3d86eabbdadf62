// `specgate audit verify --store`: re-verifies the organisation's chain end to end (streamed, one
// SHA-256 per line with the project ledgers' verifier) and, inside a project, checks that its own
// ledger still holds what it pushed: every recorded head at its line, every pushed checkpoint with
// the chain it had. A project ledger rewritten after a push (re-chained, truncated, edited) fails.
import { LedgerVerifier, type LedgerVerification } from '../../core/evidence/verify.js';
import type { RunStore } from '../../core/store/ports.js';
import type { LocalEvidence } from './ports.js';

export interface ProjectLedgerCheck {
  readonly project: string;
  readonly ok: boolean;
  /** Recorded heads of this ledger that were compared, and pushed checkpoints found in it. */
  readonly headsChecked: number;
  readonly checkpointsChecked: number;
  readonly problems: readonly string[];
}

export interface StoreAudit {
  readonly ok: boolean;
  readonly central: LedgerVerification & {
    readonly store: string;
    readonly ms: number;
    readonly linesPerSecond: number;
    /** Ranges checked at once (1: one sequential pass). */
    readonly ranges: number;
  };
  readonly project?: ProjectLedgerCheck;
}

export interface CentralCheckOptions {
  /** Check in parallel (when the store offers it) from this many lines on; 0 or undefined: the store's default. */
  readonly parallelFromLines?: number;
  /** Ranges checked at once; default: the store's (one per core). */
  readonly slices?: number;
}

/** The chain streamed through one verifier: names and classifies the first bad line. */
async function verifySequentially(runs: RunStore): Promise<LedgerVerification> {
  const verifier = new LedgerVerifier();
  for await (const chunk of runs.ledgerChunks()) {
    verifier.feed(chunk);
    if (verifier.done) break;
  }
  return verifier.end();
}

/**
 * The central chain end to end: in parallel ranges when the store offers it (only an intact chain
 * comes back from there), else — and after any problem — sequentially, to name the first bad line.
 */
export async function verifyCentralLedger(runs: RunStore, now: () => number, options: CentralCheckOptions = {}): Promise<StoreAudit['central']> {
  const started = now();
  const parallel = await runs.verifyLedgerInParallel?.({
    ...(options.parallelFromLines === undefined || options.parallelFromLines <= 0 ? {} : { fromLines: options.parallelFromLines }),
    ...(options.slices === undefined || options.slices <= 0 ? {} : { slices: options.slices }),
  });
  const result = parallel?.ok === true ? parallel : { ...(await verifySequentially(runs)), ranges: 1 };
  const ms = Math.max(now() - started, 0.001);
  return { ...result, store: runs.display, ms: Math.round(ms), linesPerSecond: Math.round((result.lines / ms) * 1000) };
}

export async function verifyProjectAgainstStore(store: { readonly runs: RunStore; readonly local: LocalEvidence }, project: string, reportsDir: string): Promise<ProjectLedgerCheck> {
  const { runs, local } = store;
  const problems: string[] = [];
  const own = await local.verifyLedger(reportsDir);
  if (!own.ok) problems.push(`the project ledger ${own.path} itself does not verify: ${own.firstBad?.message ?? 'broken'}`);
  const ledgerId = await local.firstLedgerChain(reportsDir);
  const heads = (await runs.ledgerHeads(project)).filter((h) => h.ledgerId === ledgerId);
  const wanted = new Map<number, string>();
  for (const h of heads) wanted.set(h.lines, h.head);
  const pushed = new Map<string, string>();
  for (const c of await runs.pushedCheckpoints(project)) pushed.set(c.text, c.localChain);
  let checkpointsChecked = 0;
  const seenLines = new Set<number>();
  for await (const { line, text, chain } of local.ledgerLines(reportsDir)) {
    const head = wanted.get(line);
    if (head !== undefined) {
      seenLines.add(line);
      if (head !== chain) problems.push(`line ${line} has chain ${chain.slice(0, 16)}…, but when a run was pushed it had ${head.slice(0, 16)}…: the ledger was rewritten after the push`);
    }
    const local = pushed.get(text);
    if (local !== undefined) {
      checkpointsChecked += 1;
      if (local !== chain) problems.push(`line ${line} ('${text.slice(0, 80)}') was pushed with chain ${local.slice(0, 16)}… and now has ${chain.slice(0, 16)}…: the ledger was re-chained after the push`);
    }
  }
  for (const [line] of wanted) if (!seenLines.has(line)) problems.push(`line ${line} is gone: the ledger had at least ${line} lines when a run was pushed, so lines were removed from its end`);
  return { project, ok: problems.length === 0, headsChecked: wanted.size, checkpointsChecked, problems: problems.slice(0, 50) };
}
