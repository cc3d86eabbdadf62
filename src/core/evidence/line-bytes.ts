// The verifier's hot path: checks a ledger line's shape on its bytes, without building a string or
// running a regular expression (the regex was most of verify's time). Accepts exactly what
// LEDGER_LINE accepts; a property test holds the two together. Byte classes come from one lookup
// table and the closed vocabularies from a table keyed by (length, first byte): a million lines
// are checked in a fraction of the time their SHA-256 takes.
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

/** Words of a vocabulary by `length * 256 + first byte`: at most a couple of candidates each. */
function vocabulary(words: readonly string[]): Map<number, Uint8Array[]> {
  const table = new Map<number, Uint8Array[]>();
  for (const word of words) {
    const bytes = Uint8Array.from(word, (c) => c.charCodeAt(0));
    const key = bytes.length * 256 + bytes[0]!;
    table.set(key, [...(table.get(key) ?? []), bytes]);
  }
  return table;
}
const STAGES = vocabulary(LEDGER_STAGES);
const STATUSES = vocabulary(LEDGER_STATUSES);
const TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
/** Shortest possible line: time, run id, SHA, 1-char stage/status/artifact, chain, separators. */
const MIN_LENGTH = 20 + 3 + 14 + 3 + 12 + 3 + 3 + 3 + 3 + 3 + 1 + 3 + 64;

function num2(buf: Uint8Array, at: number): number {
  return (buf[at]! - 0x30) * 10 + (buf[at + 1]! - 0x30);
}
function sepAt(buf: Uint8Array, at: number): boolean {
  return buf[at] === 0x20 && buf[at + 1] === 0x7c && buf[at + 2] === 0x20;
}
/** Whether every byte of [from, to) has class `cls`. */
function all(buf: Uint8Array, from: number, to: number, cls: number): boolean {
  for (let i = from; i < to; i += 1) if ((CLASS[buf[i]!]! & cls) === 0) return false;
  return true;
}
/** Whether bytes [from, to) equal a word of the vocabulary. */
function inVocabulary(buf: Uint8Array, from: number, to: number, table: Map<number, Uint8Array[]>): boolean {
  const candidates = table.get((to - from) * 256 + buf[from]!);
  if (candidates === undefined) return false;
  next: for (const w of candidates) {
    for (let i = 1; i < w.length; i += 1) if (w[i] !== buf[from + i]) continue next;
    return true;
  }
  return false;
}

/** Time: YYYY-MM-DDTHH:MM:SSZ (20 bytes) at `t`. */
function isTime(buf: Uint8Array, t: number): boolean {
  for (let k = 0; k < TIME_DIGITS.length; k += 1) if ((CLASS[buf[t + TIME_DIGITS[k]!]!]! & DIGIT) === 0) return false;
  if (buf[t + 4] !== 0x2d || buf[t + 7] !== 0x2d || buf[t + 10] !== 0x54 || buf[t + 13] !== 0x3a || buf[t + 16] !== 0x3a || buf[t + 19] !== 0x5a) return false;
  const month = num2(buf, t + 5);
  const day = num2(buf, t + 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && num2(buf, t + 11) <= 23 && num2(buf, t + 14) <= 59 && num2(buf, t + 17) <= 59;
}

/** Run id at `at`: 14 digits, optionally -N with N in 1..999999 without a leading zero. Returns the offset after it, or -1. */
function runIdEnd(buf: Uint8Array, at: number, end: number): number {
  if (!all(buf, at, at + 14, DIGIT)) return -1;
  at += 14;
  if (buf[at] !== 0x2d) return at;
  at += 1;
  const from = at;
  if (buf[at] === 0x30) return -1;
  while (at < end && (CLASS[buf[at]!]! & DIGIT) !== 0) at += 1;
  return at === from || at - from > 6 ? -1 : at;
}

/** True when bytes [start, end) form a checkpoint line (without its newline). */
export function isLedgerLineBytes(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < MIN_LENGTH || !isTime(buf, start) || !sepAt(buf, start + 20)) return false;
  let at = runIdEnd(buf, start + 23, end);
  if (at < 0 || !sepAt(buf, at)) return false;
  at += 3;
  // Feature SHA: 12 lowercase hex.
  if (!all(buf, at, at + 12, HEX) || !sepAt(buf, at + 12)) return false;
  at += 15;
  // Stage and status: lowercase words from the closed vocabularies.
  for (const table of [STAGES, STATUSES]) {
    const from = at;
    while (at < end && (CLASS[buf[at]!]! & LOWER) !== 0) at += 1;
    if (at === from || !inVocabulary(buf, from, at, table) || !sepAt(buf, at)) return false;
    at += 3;
  }
  // Artifact: no whitespace, no '|', then " | " and 64 hex to the end.
  const chainAt = end - 64;
  if (chainAt - 3 <= at || !sepAt(buf, chainAt - 3) || !all(buf, chainAt, end, HEX)) return false;
  for (let i = at; i < chainAt - 3; i += 1) if ((CLASS[buf[i]!]! & NOT_ARTIFACT) !== 0) return false;
  return true;
}
