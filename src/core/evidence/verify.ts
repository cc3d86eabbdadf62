// Recomputes the ledger's hash chain as bytes stream in, and names the first bad line and why.
// The file is attacker-controlled: parse defensively, never trust a line's own chain column.
// Streaming, one SHA-256 per line into a reused buffer, so a million lines verify in about a second.
import { hash } from 'node:crypto';
import { GENESIS_CHAIN } from './checkpoint.js';
import type { LedgerDefect, LedgerVerification } from './verification.js';
import { chainColumnOfCompleteLine, isLedgerLineBytes, latin1, matchesBytes } from './line-bytes.js';

export { withAnchor } from './head-anchor.js';

export type { LedgerDefect, LedgerVerification } from './verification.js';

const NEWLINE = 0x0a;

const MAX_LINE = 4096;

export class LedgerVerifier {
  private lineNo: number;
  /** Chain of the last good line, as text; stale while `prevData` holds it (see chainOfPrevious). */
  private prev: string;
  /** The buffer holding the last good line, while its chain has not been turned into text. */
  private prevData: Buffer | undefined;
  /** Offset of the newline ending the last good line in `prevData`. */
  private prevEndsAt = 0;
  private carry: Uint8Array = new Uint8Array(0);
  private scratch = Buffer.alloc(MAX_LINE + 65);
  private bad: LedgerVerification['firstBad'];
  /** Set when a chain mismatch needs one more line to say why. */
  private pending: { line: number; prevChain: string } | undefined;

  /**
   * Starts at line 1 after the genesis chain, or — to check a slice of the file in parallel — after
   * `lineBefore` whose stored chain is `prevChain`. Each line depends only on its own text and its
   * predecessor's stored chain, so slices verify independently.
   */
  constructor(start: { readonly prevChain: string; readonly lineBefore: number } = { prevChain: GENESIS_CHAIN, lineBefore: 0 }) {
    this.prev = start.prevChain;
    this.lineNo = start.lineBefore;
  }

  /** True once the first bad line is known: the caller may stop reading. */
  get done(): boolean {
    return this.bad !== undefined;
  }

  feed(chunk: Uint8Array): void {
    if (this.done) return;
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.carry.length > 0) {
      // Only the line cut by the previous chunk is joined; the rest is read where it lies.
      const end = data.indexOf(NEWLINE);
      if (end < 0) {
        this.keep(Buffer.concat([this.carry, data]));
        return;
      }
      const joined = Buffer.concat([this.carry, data.subarray(0, end + 1)]);
      this.carry = new Uint8Array(0);
      this.line(joined, 0, joined.length - 1);
      if (this.done) return;
      start = end + 1;
    }
    for (;;) {
      const fast = this.pending === undefined ? this.goodLines(data, start) : start;
      const end = data.indexOf(NEWLINE, fast);
      if (end < 0) {
        start = fast;
        break;
      }
      this.line(data, fast, end);
      if (this.done) return;
      start = end + 1;
    }
    // The next chunk is a new buffer: keep the last chain as text, not the buffer it lies in.
    this.chainOfPrevious();
    if (start < data.length) this.keep(Uint8Array.prototype.slice.call(data, start));
  }

  end(): LedgerVerification {
    if (!this.done && this.pending) {
      this.fail(this.pending.line, 'chain-mismatch', 'does not chain from the line before it: it was forged or edited');
    }
    if (!this.done && this.carry.length > 0) {
      this.fail(this.lineNo + 1, 'torn', 'is incomplete (no newline): the file was truncated or a writer was killed mid-line');
    }
    const headChain = this.chainOfPrevious();
    if (this.bad === undefined) return { ok: true, lines: this.lineNo, headChain };
    return { ok: false, lines: this.bad.line - 1, headChain, firstBad: this.bad };
  }

  private keep(rest: Uint8Array): void {
    this.carry = rest;
    if (this.carry.length > MAX_LINE) this.fail(this.lineNo + 1, 'malformed', `is longer than ${MAX_LINE} bytes`);
  }

  /** The last good line's chain as text (built only when needed: most lines never need it). */
  private chainOfPrevious(): string {
    if (this.prevData !== undefined) {
      this.prev = this.prevData.toString('latin1', this.prevEndsAt - 64, this.prevEndsAt);
      this.prevData = undefined;
    }
    return this.prev;
  }

  private fail(line: number, reason: LedgerDefect, why: string): void {
    this.bad = { line, reason, message: `line ${line} ${why}` };
  }

  /**
   * The hot loop: accepts well-formed lines whose chain matches, as long as they follow each other,
   * and returns the offset of the first line it leaves to `line()` (a problem, a line that starts a
   * chunk, or one not complete in it). Nothing is allocated per line but the hash's hex string.
   */
  private goodLines(data: Buffer, start: number): number {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let lineNo = this.lineNo;
    let prevEndsAt = this.prevData === data ? this.prevEndsAt : -2;
    for (;;) {
      const chainAt = prevEndsAt === start - 1 ? chainColumnOfCompleteLine(bytes, start) : -1;
      if (chainAt < 0 || chainAt + 64 - start > MAX_LINE) break;
      // `prev_chain + "\n" + body` lies contiguous in the buffer: hash it in place. Equal to a
      // hex digest, the chain column is lowercase hex, so the line is well formed (see line-bytes).
      const expected = hash('sha256', new Uint8Array(bytes.buffer, bytes.byteOffset + start - 65, chainAt - start + 62), 'hex');
      // One short string and a memcmp: cheaper than comparing the 64 characters one by one in JS.
      if (latin1(data, chainAt, chainAt + 64) !== expected) break;
      prevEndsAt = chainAt + 64;
      lineNo += 1;
      start = prevEndsAt + 1;
    }
    if (lineNo !== this.lineNo) {
      this.prevData = data;
      this.prevEndsAt = prevEndsAt;
      this.lineNo = lineNo;
    }
    return start;
  }

  private line(data: Buffer, start: number, end: number): void {
    const lineNo = this.lineNo + 1;
    const length = end - start;
    // 67 = " | " + 64 hex chain.
    if (length <= 67 || length > MAX_LINE) {
      this.fail(lineNo, 'malformed', length === 0 ? 'is empty' : 'is not a checkpoint line');
      return;
    }
    if (!isLedgerLineBytes(data, start, end)) {
      this.fail(lineNo, 'malformed', `is not a checkpoint line: '${data.toString('utf8', start, Math.min(end, start + 120))}'`);
      return;
    }
    const bodyLength = length - 67;
    // In the file, `prev_chain + "\n" + body` already lies contiguous: the previous line's stored
    // chain, its newline, this line's body. When the previous line was checked in this same
    // buffer, the hash reads those bytes in place (no copy, no string).
    const inPlace = this.prevData === data && this.prevEndsAt === start - 1;
    const expected = inPlace ? hash('sha256', data.subarray(start - 65, start + bodyLength), 'hex') : this.hashAfter(this.chainOfPrevious(), data, start, bodyLength);
    if (this.pending === undefined && matchesBytes(expected, data, end - 64)) {
      this.prevData = data;
      this.prevEndsAt = end;
      this.lineNo = lineNo;
      return;
    }
    const stored = data.toString('latin1', end - 64, end);
    if (this.pending) {
      // One line of look-ahead tells a swap from an edit.
      const { line, prevChain } = this.pending;
      if (this.hashAfter(prevChain, data, start, bodyLength) === stored) {
        this.fail(line, 'reordered', `is out of order: line ${lineNo} chains from line ${line - 1}, so lines were swapped or moved`);
      } else if (expected === stored) {
        this.fail(line, 'edited', `does not match its chain: it was edited, or a line before it was deleted`);
      } else {
        this.fail(line, 'chain-mismatch', `does not chain from line ${line - 1}, and neither does line ${lineNo}`);
      }
      return;
    }
    this.pending = { line: lineNo, prevChain: this.chainOfPrevious() };
    this.prevData = data;
    this.prevEndsAt = end;
    this.lineNo = lineNo;
  }

  private hashAfter(prevChain: string, data: Buffer, start: number, bodyLength: number): string {
    const scratch = this.scratch;
    scratch.write(prevChain, 0, 64, 'latin1');
    scratch[64] = NEWLINE;
    data.copy(scratch, 65, start, start + bodyLength);
    return hash('sha256', scratch.subarray(0, 65 + bodyLength), 'hex');
  }
}

/** Verifies a whole ledger held in memory (tests, small files). */
export function verifyLedgerText(text: string | Uint8Array): LedgerVerification {
  const verifier = new LedgerVerifier();
  verifier.feed(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return verifier.end();
}
