// Streams the central chain out of PostgreSQL as the raw bytes of the ledger file format, for
// `audit verify --store`. `COPY (SELECT …) TO STDOUT` sends rows with no driver object per row, read
// off the socket by a hand-written frame parser (pg-copy-out.ts), so the database, not the driver,
// sets the pace (string_agg chunks built one big text value per 50 k lines and capped the read near
// 90 k lines/s; pg-copy-streams' buffer lists cost ≈ 0.5 µs per row, the parser here ≈ 0.05 µs).
import type pg from 'pg';
import { CopyOutQuery } from './pg-copy-out.js';

/** Lines `after < seq <= last` of the central chain (a whole chain is `after = 0`). */
export interface SeqRange {
  readonly after: number;
  readonly last: number;
}

function checkBound(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad ledger sequence bound: ${n}`);
  return n;
}

/**
 * COPY's statement cannot take bind parameters, so the bounds are inlined; each is checked to be
 * a non-negative safe integer first (they come from our own `max(seq)`, never from the user).
 */
export function ledgerCopySql(range: SeqRange): string {
  const lower = checkBound(range.after) === 0 ? '' : `seq > ${range.after} AND `;
  return `COPY (SELECT text || ' | ' || chain FROM ledger WHERE ${lower}seq <= ${checkBound(range.last)} ORDER BY seq) TO STDOUT`;
}

/** Byte a COPY text-format escape (`\` + this byte) stands for; see the COPY manual, "Text Format". */
const UNESCAPE: Readonly<Record<number, number>> = { 0x5c: 0x5c, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

/**
 * Undoes COPY's text-format escaping so the verifier sees exactly the stored bytes (a backslash or
 * a tab in a checkpoint's text must hash as itself). Stateful because an escape can straddle two
 * chunks. Chunks without a backslash — every chunk of a normal ledger — pass through uncopied.
 */
export class CopyTextUnescaper {
  private pendingBackslash = false;

  push(chunk: Buffer): Buffer {
    if (!this.pendingBackslash && chunk.indexOf(0x5c) === -1) return chunk;
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (this.pendingBackslash) {
        this.pendingBackslash = false;
        out[n++] = UNESCAPE[byte] ?? byte;
      } else if (byte === 0x5c) {
        this.pendingBackslash = true;
      } else {
        out[n++] = byte;
      }
    }
    return out.subarray(0, n);
  }
}

/** The chain's lines in `range`, newline-terminated, in order, from the client's current snapshot. */
export async function* copyLedger(client: pg.ClientBase, range: SeqRange): AsyncIterable<Buffer> {
  if (range.last <= range.after) return;
  const copy = new CopyOutQuery(ledgerCopySql(range));
  // Its outcome arrives through its handlers: rows() yields the lines, then rethrows any error.
  client.query(copy);
  const unescape = new CopyTextUnescaper();
  for await (const rows of copy.rows()) yield unescape.push(rows);
}
