// Who someone is, compared the way people read names: "Alice", "ALICE" and "ａｌｉｃｅ"
// (fullwidth) are one person, so four-eyes and approver checks compare identities after Unicode
// NFKC normalisation and case folding. Invisible and control characters are refused outright: a
// zero-width space inside "ali\u200bce" looks like alice but would compare as someone else.
import { UsageError } from '../errors.js';

/** Format (Cf: zero-width, bidi controls), control (Cc), line/paragraph separators, and other non-printing marks. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u180E\u034F]/u;

/** The canonical form of an identity; throws IDENTITY_INVALID (exit 2) for empty or invisible-bearing names. */
export function canonicalIdentity(name: string, what = 'name'): string {
  if (INVISIBLE.test(name)) {
    const at = [...name].findIndex((ch) => INVISIBLE.test(ch));
    const cp = name.codePointAt([...name].slice(0, at).join('').length) ?? 0;
    throw new UsageError('IDENTITY_INVALID', `${what} contains an invisible or control character (U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${at + 1})`, {
      hint: 'type the name plainly: invisible characters make two names look alike while comparing as different people',
    });
  }
  const canonical = name.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
  if (canonical === '') throw new UsageError('IDENTITY_INVALID', `${what} is empty`, { hint: 'give a name, e.g. --by alice' });
  return canonical;
}

/** True when both names denote the same person (NFKC + case folding). */
export function sameIdentity(a: string, b: string): boolean {
  return canonicalIdentity(a) === canonicalIdentity(b);
}
