// Amounts as exact decimal strings in a currency's minor units (ISO 4217). Amounts never pass
// through binary floating point: "0.10" + "0.20" must stay 30 cents.

/** Supported currencies and their minor-unit exponents (ISO 4217). */
export const CURRENCIES: Readonly<Record<string, number>> = {
  BHD: 3,
  CHF: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  KWD: 3,
  NOK: 2,
  PLN: 2,
  SEK: 2,
  USD: 2,
};

/** Largest single payment, in major units of any currency. */
export const MAX_MAJOR_UNITS = 1_000_000;

export type AmountProblem = 'not_a_string' | 'malformed' | 'not_positive' | 'too_precise' | 'above_limit';

export interface Amount {
  readonly value: string;
  readonly currency: string;
  readonly minorUnits: number;
}

export function isSupportedCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

/** Parses `"125.50"` in a currency with `exponent` decimals into minor units, or says why not. */
export function parseAmount(value: unknown, exponent: number): { minorUnits: number } | { problem: AmountProblem } {
  if (typeof value !== 'string') return { problem: 'not_a_string' };
  const sign = value.startsWith('-') ? '-' : '';
  const parts = value.slice(sign.length).split('.');
  const [whole = '', fraction = ''] = parts;
  const digits = /^\d{1,12}$/;
  if (parts.length > 2 || !digits.test(whole) || (parts.length === 2 && !digits.test(fraction))) return { problem: 'malformed' };
  if (fraction.length > exponent) return { problem: 'too_precise' };
  const minorUnits = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (sign === '-' || minorUnits === 0) return { problem: 'not_positive' };
  if (minorUnits > MAX_MAJOR_UNITS * 10 ** exponent) return { problem: 'above_limit' };
  return { minorUnits };
}

export const AMOUNT_MESSAGES: Readonly<Record<AmountProblem, string>> = {
  not_a_string: 'amount must be a decimal string such as "125.50" (numbers lose precision)',
  malformed: 'amount must look like "125.50"',
  not_positive: 'amount must be greater than zero',
  too_precise: 'amount has more decimals than the currency allows',
  above_limit: `amount exceeds the single-payment limit of ${MAX_MAJOR_UNITS.toLocaleString('en')} units`,
};
