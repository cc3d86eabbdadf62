// The ledger as the report and the dashboard read it: the chain verified over the raw bytes, and
// only the selected checkpoints materialised (a ledger may hold millions of lines).
import type { Checkpoint, LedgerEvidence } from '../../core/report/evidence.js';
import { parseLedgerLine, verifyLedgerText } from '../../core/evidence/index.js';

/** The whole ledger as read: the report's LedgerEvidence before it is narrowed to one run's checkpoints. */
export type LedgerReading = LedgerEvidence;

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
