// Turns a spec file's bytes into text the Gherkin parser can take, or into a GHERKIN_SYNTAX finding
// that says why it cannot (not UTF-8, binary). Bytes come from the user's disk: trust nothing.
import type { RawFinding } from './findings.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlongs, surrogates and > U+10FFFF: the decoder rejected something; the lead byte is close enough.
    if (need === 2 && ((b === 0xe0 && (bytes[i + 1] ?? 0) < 0xa0) || (b === 0xed && (bytes[i + 1] ?? 0) > 0x9f))) return i;
    if (need === 3 && ((b === 0xf0 && (bytes[i + 1] ?? 0) < 0x90) || (b === 0xf4 && (bytes[i + 1] ?? 0) > 0x8f))) return i;
    i += need + 1;
  }
  return bytes.length;
}

function lineColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

export type DecodedSource = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly finding: RawFinding };

/** Strict UTF-8 (a leading BOM is dropped); NUL bytes mean a binary file, not a spec. */
export function decodeSpec(file: string, bytes: Uint8Array): DecodedSource {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    const at = lineColumnOfByte(bytes, firstInvalidUtf8(bytes));
    const message = `file is not valid UTF-8 (byte 0x${(bytes[firstInvalidUtf8(bytes)] ?? 0).toString(16).padStart(2, '0')}); save it as UTF-8, or remove it if it is not a spec`;
    return { ok: false, finding: { file, ...at, code: 'GHERKIN_SYNTAX', message } };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split('\n').length;
    const column = nul - before.lastIndexOf('\n');
    return {
      ok: false,
      finding: { file, line, column, code: 'GHERKIN_SYNTAX', message: 'file contains NUL bytes, so it is binary, not Gherkin; remove it or rename it' },
    };
  }
  return { ok: true, text };
}
