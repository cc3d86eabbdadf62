// The verifier's hot path: checks a ledger line's shape on its bytes, without building a string or
// running a regular expression (the regex was most of verify's time). Accepts exactly what
// LEDGER_LINE accepts; a property test holds the two together.
import { LEDGER_STAGES, LEDGER_STATUSES } from './vocabulary.js';

const SEP = [0x20, 0x7c, 0x20]; // " | "
const bytesOf = (words: readonly string[]): Uint8Array[] => words.map((w) => Uint8Array.from(w, (c) => c.charCodeAt(0)));
const VOCABULARIES = [bytesOf(LEDGER_STAGES), bytesOf(LEDGER_STATUSES)];
const TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function digit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}
function hex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66));
}
function num2(buf: Uint8Array, at: number): number {
  return (buf[at]! - 0x30) * 10 + (buf[at + 1]! - 0x30);
}
function sepAt(buf: Uint8Array, at: number): boolean {
  return buf[at] === SEP[0] && buf[at + 1] === SEP[1] && buf[at + 2] === SEP[2];
}
function allDigits(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!digit(buf[i])) return false;
  return true;
}
function allHex(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!hex(buf[i])) return false;
  return true;
}
/** Whether bytes [from, to) equal one of the words. */
function inVocabulary(buf: Uint8Array, from: number, to: number, words: readonly Uint8Array[]): boolean {
  next: for (const w of words) {
    if (w.length !== to - from) continue;
    for (let i = 0; i < w.length; i += 1) if (w[i] !== buf[from + i]) continue next;
    return true;
  }
  return false;
}

/** True when bytes [start, end) form a checkpoint line (without its newline). */
export function isLedgerLineBytes(buf: Uint8Array, start: number, end: number): boolean {
  // Time: YYYY-MM-DDTHH:MM:SSZ (20 bytes).
  const t = start;
  if (end - start < 20 + 3 + 14 + 3 + 12 + 3 + 3 + 3 + 3 + 3 + 1 + 3 + 64) return false;
  for (let k = 0; k < TIME_DIGITS.length; k += 1) if (!digit(buf[t + TIME_DIGITS[k]!])) return false;
  if (buf[t + 4] !== 0x2d || buf[t + 7] !== 0x2d || buf[t + 10] !== 0x54 || buf[t + 13] !== 0x3a || buf[t + 16] !== 0x3a || buf[t + 19] !== 0x5a) return false;
  const month = num2(buf, t + 5);
  const day = num2(buf, t + 8);
  if (month < 1 || month > 12 || day < 1 || day > 31 || num2(buf, t + 11) > 23 || num2(buf, t + 14) > 59 || num2(buf, t + 17) > 59) return false;
  let at = t + 20;
  if (!sepAt(buf, at)) return false;
  at += 3;
  // Run id: 14 digits, optionally -N with N in 1..999999 without a leading zero.
  if (!allDigits(buf, at, at + 14)) return false;
  at += 14;
  if (buf[at] === 0x2d) {
    at += 1;
    const from = at;
    if (buf[at] === 0x30) return false;
    while (digit(buf[at])) at += 1;
    if (at === from || at - from > 6) return false;
  }
  if (!sepAt(buf, at)) return false;
  at += 3;
  // Feature SHA: 12 lowercase hex.
  if (!allHex(buf, at, at + 12)) return false;
  at += 12;
  if (!sepAt(buf, at)) return false;
  at += 3;
  // Stage and status: lowercase words from the closed vocabularies.
  for (const vocabulary of VOCABULARIES) {
    const from = at;
    while (at < end && buf[at]! >= 0x61 && buf[at]! <= 0x7a) at += 1;
    if (!inVocabulary(buf, from, at, vocabulary) || !sepAt(buf, at)) return false;
    at += 3;
  }
  // Artifact: no whitespace, no '|', then " | " and 64 hex to the end.
  const chainAt = end - 64;
  if (chainAt - 3 <= at || !sepAt(buf, chainAt - 3) || !allHex(buf, chainAt, end)) return false;
  for (let i = at; i < chainAt - 3; i += 1) {
    const b = buf[i]!;
    // What /[^\s|]/ rejects in a latin1-decoded line: '|', space, \t-\r and NBSP (0xa0).
    if (b === 0x7c || b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0) return false;
  }
  return true;
}
