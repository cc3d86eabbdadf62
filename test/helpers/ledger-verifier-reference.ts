// The ledger verifier as it was before its hot loop was rewritten for speed (2026-12-02), kept only
// as the reference of the differential test in src/core/evidence/verify-differential.test.ts: the
// line shape is checked with the LEDGER_LINE regular expression (which a property test holds equal
// to the byte-level check) and every line goes through the general path. Not used by the product.
import { hash } from 'node:crypto';
import { GENESIS_CHAIN, LEDGER_LINE } from '../../src/core/evidence/checkpoint.js';
import type { LedgerDefect, LedgerVerification } from '../../src/core/evidence/verify.js';

const NEWLINE = 0x0a;
const MAX_LINE = 4096;

export class ReferenceLedgerVerifier {
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
      const end = data.indexOf(NEWLINE, start);
      if (end < 0) break;
      this.line(data, start, end);
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

  private line(data: Buffer, start: number, end: number): void {
    const lineNo = this.lineNo + 1;
    const length = end - start;
    // 67 = " | " + 64 hex chain.
    if (length <= 67 || length > MAX_LINE) {
      this.fail(lineNo, 'malformed', length === 0 ? 'is empty' : 'is not a checkpoint line');
      return;
    }
    if (!LEDGER_LINE.test(data.toString('latin1', start, end))) {
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

/** Whether the 64 hex chars of `hex` equal the bytes at `at` (compared without building a string). */
function matchesBytes(hex: string, data: Uint8Array, at: number): boolean {
  for (let i = 0; i < 64; i += 1) if (hex.charCodeAt(i) !== data[at + i]) return false;
  return true;
}

