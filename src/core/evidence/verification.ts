// What the ledger verifier (verify.ts) answers: the first bad line and why (split from verify.ts, which re-exports it).

export type LedgerDefect =
  /** The last line has no newline: the file was truncated or a writer was killed mid-line. */
  | 'torn'
  /** The line is not a checkpoint line (wrong columns, unknown stage or status, bad time). */
  | 'malformed'
  /** The line chains from the line before the previous one: lines were swapped or moved. */
  | 'reordered'
  /** The line's chain does not match its text but the next line chains from it: it was edited, or lines before it were deleted. */
  | 'edited'
  /** The line's chain matches nothing around it: forged, or several lines changed. */
  | 'chain-mismatch'
  /** The chain is intact but a head chain recorded earlier (an anchor) is not in it: lines were cut from the end. */
  | 'truncated';

export interface LedgerVerification {
  readonly ok: boolean;
  /** Whole lines read (all of them when ok). */
  readonly lines: number;
  /** Chain of the last good line (GENESIS_CHAIN for an empty ledger). */
  readonly headChain: string;
  readonly firstBad?: { readonly line: number; readonly reason: LedgerDefect; readonly message: string };
}
