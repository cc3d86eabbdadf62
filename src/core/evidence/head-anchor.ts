// Anchoring a verified chain to a head recorded earlier (split from verify.ts, which re-exports it).
import { GENESIS_CHAIN } from './checkpoint.js';
import type { LedgerVerification } from './verify.js';

/**
 * Applies an anchor: a head chain the caller recorded earlier (CI log, a signed report). An intact
 * chain that no longer contains it has lost lines at its end, which the chain alone cannot show.
 */
export function withAnchor(result: LedgerVerification, anchor: string, anchorFound: boolean): LedgerVerification {
  if (!result.ok || anchorFound || anchor === GENESIS_CHAIN) return result;
  return {
    ok: false,
    lines: result.lines,
    headChain: result.headChain,
    firstBad: {
      line: result.lines + 1,
      reason: 'truncated',
      message: `line ${result.lines + 1} is missing: the anchored head ${anchor.slice(0, 16)}… is not in the ledger, so lines were removed from its end (or it was replaced)`,
    },
  };
}
