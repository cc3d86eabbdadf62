// Streams the central chain out of PostgreSQL as the raw bytes of the ledger file format, for
// `audit verify --store`. `COPY (SELECT …) TO STDOUT` sends rows as one continuous byte stream with
// no per-row protocol message or driver object, so the database, not the driver, sets the pace
// (string_agg chunks built one big text value per 50 k lines and capped the read near 90 k lines/s).
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/**
 * COPY's statement cannot take bind parameters, so the upper bound is inlined; it is checked to be
 * a non-negative safe integer first (it comes from our own `max(seq)`, never from the user).
 */
export function ledgerCopySql(lastSeq: number): string {
  if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new RangeError(`bad ledger sequence bound: ${lastSeq}`);
  return `COPY (SELECT text || ' | ' || chain FROM ledger WHERE seq <= ${lastSeq} ORDER BY seq) TO STDOUT`;
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

/** The chain's lines 1..lastSeq, newline-terminated, in order, from the client's current snapshot. */
export async function* copyLedger(client: pg.PoolClient, lastSeq: number): AsyncIterable<Buffer> {
  if (lastSeq === 0) return;
  const stream = client.query(copyTo(ledgerCopySql(lastSeq)));
  const unescape = new CopyTextUnescaper();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield unescape.push(chunk);
  } finally {
    // The caller may stop at the first bad line: stop reading; the caller closes the connection.
    if (!stream.destroyed) stream.destroy();
  }
}
