import { describe, expect, it } from 'vitest';
import { CURRENCIES, isSupportedCurrency, parseAmount } from '../src/domain/money.js';

describe('parseAmount', () => {
  it.each([
    ['125.50', 2, 12550],
    ['0.01', 2, 1],
    ['5000', 0, 5000],
    ['1.005', 3, 1005],
    ['1000000', 2, 100_000_000],
  ])('%s with %i decimals is %i minor units', (value, exponent, minor) => {
    expect(parseAmount(value, exponent)).toEqual({ minorUnits: minor });
  });

  it.each([
    [12.5, 2, 'not_a_string'],
    ['12,50', 2, 'malformed'],
    ['', 2, 'malformed'],
    ['1e3', 2, 'malformed'],
    ['0.00', 2, 'not_positive'],
    ['-5.00', 2, 'not_positive'],
    ['10.123', 2, 'too_precise'],
    ['10.5', 0, 'too_precise'],
    ['1000000.01', 2, 'above_limit'],
  ])('%s with %i decimals is rejected as %s', (value, exponent, problem) => {
    expect(parseAmount(value, exponent)).toEqual({ problem });
  });

  it('keeps exact decimal arithmetic where floats would not', () => {
    expect(parseAmount('0.29', 2)).toEqual({ minorUnits: 29 });
    expect(0.29 * 100).not.toBe(29);
  });
});

describe('currencies', () => {
  it('knows the minor units of ISO 4217 currencies', () => {
    expect(CURRENCIES.JPY).toBe(0);
    expect(CURRENCIES.KWD).toBe(3);
    expect(isSupportedCurrency('EUR')).toBe(true);
    expect(isSupportedCurrency('eur')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
    expect(isSupportedCurrency(42)).toBe(false);
  });
});
