// Validation of a payment instruction: every violated field is reported, in a stable order
// (amount, currency, creditorIban, reference), so clients can show all problems at once.
import { AMOUNT_MESSAGES, CURRENCIES, isSupportedCurrency, parseAmount, type Amount } from './money.js';
import { IBAN_MESSAGES, checkIban } from './iban.js';

export interface Violation {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface PaymentInstruction {
  readonly amount: Amount;
  readonly creditorIban: string;
  readonly reference?: string;
}

export const MAX_REFERENCE_LENGTH = 140;

export function validatePayment(body: unknown): { payment: PaymentInstruction } | { violations: Violation[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { violations: [{ field: 'body', code: 'not_an_object', message: 'the body must be a JSON object' }] };
  }
  const input = body as Record<string, unknown>;
  const violations: Violation[] = [];
  const currencyOk = isSupportedCurrency(input.currency);
  const exponent = currencyOk ? (CURRENCIES[input.currency as string] ?? 2) : 2;

  const amount = parseAmount(input.amount, exponent);
  if ('problem' in amount) violations.push({ field: 'amount', code: amount.problem, message: AMOUNT_MESSAGES[amount.problem] });
  if (!currencyOk) {
    violations.push({ field: 'currency', code: 'unsupported', message: `currency must be one of ${Object.keys(CURRENCIES).join(', ')}` });
  }
  const iban = checkIban(input.creditorIban);
  if ('problem' in iban) violations.push({ field: 'creditorIban', code: iban.problem, message: IBAN_MESSAGES[iban.problem] });
  const reference = input.reference;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > MAX_REFERENCE_LENGTH)) {
    violations.push({ field: 'reference', code: 'invalid', message: `reference must be a string of at most ${MAX_REFERENCE_LENGTH} characters` });
  }
  if (violations.length > 0 || 'problem' in amount || 'problem' in iban) return { violations };
  return {
    payment: {
      amount: { value: input.amount as string, currency: input.currency as string, minorUnits: amount.minorUnits },
      creditorIban: iban.iban,
      ...(typeof reference === 'string' ? { reference } : {}),
    },
  };
}
