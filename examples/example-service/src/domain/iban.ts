// IBAN validation (ISO 13616): country length and the mod-97 check digits. Masking keeps account
// numbers out of responses and logs while letting people recognise their account.

/** Lengths for the SEPA countries this service pays into. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AT: 20, BE: 16, CH: 21, DE: 22, DK: 18, ES: 24, FI: 18, FR: 27, GB: 22, IE: 22, IT: 27, LU: 20, NL: 18, NO: 15, PL: 28, PT: 25, SE: 24,
};

export type IbanProblem = 'not_a_string' | 'malformed' | 'unsupported_country' | 'wrong_length' | 'bad_checksum';

/** Removes spaces and upper-cases: people write IBANs in groups of four. */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise to stay within safe integers. */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

export function checkIban(value: unknown): { iban: string } | { problem: IbanProblem } {
  if (typeof value !== 'string') return { problem: 'not_a_string' };
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return { problem: 'malformed' };
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined) return { problem: 'unsupported_country' };
  if (iban.length !== length) return { problem: 'wrong_length' };
  if (!ibanChecksumOk(iban)) return { problem: 'bad_checksum' };
  return { iban };
}

/** `DE89370400440532013000` → `DE89 **** **** **** **30 00`: country, check digits and last four. */
export function maskIban(iban: string): string {
  const masked = iban.slice(0, 4) + '*'.repeat(Math.max(0, iban.length - 8)) + iban.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

export const IBAN_MESSAGES: Readonly<Record<IbanProblem, string>> = {
  not_a_string: 'creditorIban must be a string',
  malformed: 'creditorIban is not an IBAN',
  unsupported_country: 'creditorIban is from a country this service does not pay into',
  wrong_length: 'creditorIban has the wrong length for its country',
  bad_checksum: 'creditorIban fails the mod-97 check (a typo?)',
};
