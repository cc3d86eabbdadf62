import { describe, expect, it } from 'vitest';
import { checkIban, ibanChecksumOk, maskIban, normaliseIban } from '../src/domain/iban.js';

describe('IBAN', () => {
  it.each(['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'de89 3704 0044 0532 0130 00'])(
    'accepts %s',
    (iban) => {
      expect(checkIban(iban)).toEqual({ iban: normaliseIban(iban) });
    },
  );

  it.each([
    [42, 'not_a_string'],
    ['not an iban', 'malformed'],
    ['US12345678901234', 'unsupported_country'],
    ['DE8937040044', 'wrong_length'],
    ['DE89370400440532013001', 'bad_checksum'],
    ['DE98370400440532013000', 'bad_checksum'],
  ])('rejects %s as %s', (value, problem) => {
    expect(checkIban(value)).toEqual({ problem });
  });

  it('computes mod-97 over letters and digits', () => {
    expect(ibanChecksumOk('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumOk('GB83WEST12345698765432')).toBe(false);
  });

  it('masks all but the country, check digits and last four characters', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **30 00');
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91 **** **** **43 00');
  });
});
