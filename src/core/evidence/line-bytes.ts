// The verifier's hot path: checks a ledger line's shape on its bytes, without building a string or
// running a regular expression (the regex was most of verify's time). Accepts exactly what
// LEDGER_LINE accepts; a property test holds the two together. Byte classes come from one lookup
// table and the closed vocabularies from a flat table indexed by (length, first byte): nothing is
// allocated per line, and a million lines are checked in a fraction of the time their SHA-256 takes.
import { LEDGER_STAGES, LEDGER_STATUSES } from './vocabulary.js';

const DIGIT = 1;
const HEX = 2;
const LOWER = 4;
/** What /[^\s|]/ rejects in a latin1-decoded line: '|', space, \t-\r and NBSP (0xa0). */
const NOT_ARTIFACT = 8;
const CLASS = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b += 1) CLASS[b] = DIGIT | HEX;
for (let b = 0x61; b <= 0x7a; b += 1) CLASS[b] = LOWER | (b <= 0x66 ? HEX : 0);
for (const b of [0x7c, 0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xa0]) CLASS[b] = NOT_ARTIFACT;

/** Longest word a vocabulary table can hold (the ledger's are all shorter). */
const MAX_WORD = 32;
type Vocabulary = readonly (readonly Uint8Array[] | undefined)[];

/** Words of a vocabulary at `length * 256 + first byte`: at most a couple of candidates each. */
function vocabulary(words: readonly string[]): Vocabulary {
  const table: Uint8Array[][] = [];
  for (const word of words) {
    const bytes = Uint8Array.from(word, (c) => c.charCodeAt(0));
    if (bytes.length >= MAX_WORD) throw new RangeError(`vocabulary word '${word}' is too long`);
    const key = bytes.length * 256 + bytes[0]!;
    (table[key] ??= []).push(bytes);
  }
  return Array.from({ length: MAX_WORD * 256 }, (_, k) => table[k]);
}
const STAGES = vocabulary(LEDGER_STAGES);
const STATUSES = vocabulary(LEDGER_STATUSES);
/** Shortest possible line: time, run id, SHA, 1-char stage/status/artifact, chain, separators. */
const MIN_LENGTH = 20 + 3 + 14 + 3 + 12 + 3 + 3 + 3 + 3 + 3 + 1 + 3 + 64;

function num2(buf: Uint8Array, at: number): number {
  return (buf[at]! - 0x30) * 10 + (buf[at + 1]! - 0x30);
}
function sepAt(buf: Uint8Array, at: number): boolean {
  return buf[at] === 0x20 && buf[at + 1] === 0x7c && buf[at + 2] === 0x20;
}
function isDigit(buf: Uint8Array, at: number): boolean {
  return (CLASS[buf[at]!]! & DIGIT) !== 0;
}
/** Whether every byte of [from, to) has class `cls`. */
function all(buf: Uint8Array, from: number, to: number, cls: number): boolean {
  for (let i = from; i < to; i += 1) if ((CLASS[buf[i]!]! & cls) === 0) return false;
  return true;
}

/** Time: YYYY-MM-DDTHH:MM:SSZ (20 bytes) at `t`. */
function isTime(buf: Uint8Array, t: number): boolean {
  if (!all(buf, t, t + 4, DIGIT) || buf[t + 4] !== 0x2d || !isDigit(buf, t + 5) || !isDigit(buf, t + 6) || buf[t + 7] !== 0x2d) return false;
  if (!isDigit(buf, t + 8) || !isDigit(buf, t + 9) || buf[t + 10] !== 0x54 || !isDigit(buf, t + 11) || !isDigit(buf, t + 12)) return false;
  if (buf[t + 13] !== 0x3a || !isDigit(buf, t + 14) || !isDigit(buf, t + 15) || buf[t + 16] !== 0x3a) return false;
  if (!isDigit(buf, t + 17) || !isDigit(buf, t + 18) || buf[t + 19] !== 0x5a) return false;
  const month = num2(buf, t + 5);
  const day = num2(buf, t + 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && num2(buf, t + 11) <= 23 && num2(buf, t + 14) <= 59 && num2(buf, t + 17) <= 59;
}

/** Run id at `at`: 14 digits, optionally -N with N in 1..999999 without a leading zero. Returns the offset after it, or -1. */
function runIdEnd(buf: Uint8Array, at: number, limit: number): number {
  if (!all(buf, at, at + 14, DIGIT)) return -1;
  at += 14;
  if (buf[at] !== 0x2d) return at;
  at += 1;
  const from = at;
  if (buf[at] === 0x30) return -1;
  while (at < limit && (CLASS[buf[at]!]! & DIGIT) !== 0) at += 1;
  return at === from || at - from > 6 ? -1 : at;
}

/** A lowercase word of `table` at `at` followed by " | ": the offset after the separator, or -1. */
function wordEnd(buf: Uint8Array, at: number, limit: number, table: Vocabulary): number {
  const from = at;
  while (at < limit && (CLASS[buf[at]!]! & LOWER) !== 0) at += 1;
  const length = at - from;
  const candidates = length > 0 && length < MAX_WORD ? table[length * 256 + buf[from]!] : undefined;
  if (candidates === undefined || !sepAt(buf, at)) return -1;
  for (let c = 0; c < candidates.length; c += 1) {
    const word = candidates[c]!;
    let i = 1;
    while (i < length && word[i] === buf[from + i]) i += 1;
    if (i === length) return at + 3;
  }
  return -1;
}

/**
 * Reads a checkpoint line forwards from `start` (no byte at or past `limit` is read as part of it):
 * the offset of its chain column when everything before it is well formed and 64 bytes follow
 * " | ", else -1. The artifact cannot hold a space, so the first space after it starts " | <chain>".
 * The 64 bytes themselves are not checked here.
 */
function chainColumnAt(buf: Uint8Array, start: number, limit: number): number {
  if (limit - start < MIN_LENGTH || !isTime(buf, start) || !sepAt(buf, start + 20)) return -1;
  let at = runIdEnd(buf, start + 23, limit);
  if (at < 0 || !sepAt(buf, at)) return -1;
  at += 3;
  // Feature SHA: 12 lowercase hex.
  if (!all(buf, at, at + 12, HEX) || !sepAt(buf, at + 12)) return -1;
  at = wordEnd(buf, at + 15, limit, STAGES);
  if (at < 0) return -1;
  at = wordEnd(buf, at, limit, STATUSES);
  if (at < 0) return -1;
  // Artifact: at least one byte, no whitespace, no '|'.
  const from = at;
  while (at < limit && (CLASS[buf[at]!]! & NOT_ARTIFACT) === 0) at += 1;
  return at === from || at + 67 > limit || !sepAt(buf, at) ? -1 : at + 3;
}

/** True when bytes [start, end) form a checkpoint line (without its newline). */
export function isLedgerLineBytes(buf: Uint8Array, start: number, end: number): boolean {
  return chainColumnAt(buf, start, end) === end - 64 && all(buf, end - 64, end, HEX);
}

/**
 * For the verifier's hot loop: the offset of the chain column of the line starting at `start` when
 * that line is complete in `buf` (a newline right after the column) and well formed up to the
 * column, else -1 (the caller then finds the newline itself and checks the line fully). The column's
 * 64 bytes are NOT checked: the caller must compare them with a computed lowercase hex digest, which
 * only lowercase hex can equal; then the line is exactly one that isLedgerLineBytes accepts.
 */
export function chainColumnOfCompleteLine(buf: Uint8Array, start: number): number {
  const chain = chainColumnAt(buf, start, buf.length);
  return chain >= 0 && buf[chain + 64] === 0x0a ? chain : -1;
}

type WithLatin1Slice = Buffer & { latin1Slice?: (start: number, end: number) => string };
/**
 * Buffer#latin1Slice: undocumented but in every Node release; toString('latin1', …) is the same
 * call behind argument handling that costs ~10 % of the whole verification per line.
 */
export const latin1: (data: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as WithLatin1Slice).latin1Slice === 'function'
    ? (data, start, end) => (data as Required<WithLatin1Slice>).latin1Slice(start, end)
    : (data, start, end) => data.toString('latin1', start, end);

/** Whether the 64 hex chars of `hex` equal the bytes at `at` (compared without building a string). */
export function matchesBytes(hex: string, data: Uint8Array, at: number): boolean {
  for (let i = 0; i < 64; i += 1) if (hex.charCodeAt(i) !== data[at + i]) return false;
  return true;
}
