import { describe, expect, it } from 'vitest';
import { validatePayment } from '../src/domain/payment.js';
import { IdempotencyStore, canonicalJson, fingerprint } from '../src/domain/idempotency.js';

const valid = { amount: '125.50', currency: 'EUR', creditorIban: 'DE89370400440532013000' };

describe('validatePayment', () => {
  it('accepts a valid instruction and computes minor units', () => {
    expect(validatePayment({ ...valid, reference: 'INV-1' })).toEqual({
      payment: { amount: { value: '125.50', currency: 'EUR', minorUnits: 12550 }, creditorIban: 'DE89370400440532013000', reference: 'INV-1' },
    });
  });

  it('reports every violated field in a stable order', () => {
    const result = validatePayment({ amount: '0', currency: 'XXX', creditorIban: 'DE00', reference: 'x'.repeat(141) });
    expect('violations' in result && result.violations.map((v) => v.field)).toEqual(['amount', 'currency', 'creditorIban', 'reference']);
  });

  it('uses the currency exponent for the amount', () => {
    expect('violations' in validatePayment({ ...valid, amount: '10.5', currency: 'JPY' })).toBe(true);
    expect('payment' in validatePayment({ ...valid, amount: '10.125', currency: 'KWD' })).toBe(true);
  });

  it.each([null, [], 'text', 42])('rejects a body that is not an object: %j', (body) => {
    expect(validatePayment(body)).toEqual({ violations: [{ field: 'body', code: 'not_an_object', message: 'the body must be a JSON object' }] });
  });
});

describe('idempotency', () => {
  it('treats key order as irrelevant when fingerprinting', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });

  it('replays the same body, refuses another, evicts the oldest at capacity', () => {
    const store = new IdempotencyStore(2);
    expect(store.check('key-aaaa', { a: 1 })).toEqual({ kind: 'new' });
    store.remember('key-aaaa', { a: 1 }, { status: 201, body: { id: 'p1' } });
    expect(store.check('key-aaaa', { a: 1 })).toEqual({ kind: 'replay', response: { status: 201, body: { id: 'p1' } } });
    expect(store.check('key-aaaa', { a: 2 })).toEqual({ kind: 'conflict' });
    store.remember('key-bbbb', {}, { status: 201, body: {} });
    store.remember('key-cccc', {}, { status: 201, body: {} });
    expect(store.size).toBe(2);
    expect(store.check('key-aaaa', { a: 1 })).toEqual({ kind: 'new' });
  });
});
