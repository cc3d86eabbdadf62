import { describe, expect, it } from 'vitest';
import { isLibraryStep, parseCall, parseFieldList } from '../core/generate/step-catalog.js';
import { lookup, parseExpected } from './assertions.js';
import { splitArgs } from './cli-steps.js';
import { requestBody } from './http-steps.js';

describe('step catalogue', () => {
  it.each([
    'the service is running',
    'I call GET /v1/ping',
    'I call POST /v1/payments with:',
    'I receive a 201 Created response',
    'I receive an 404',
    'the response contains "a.b": {"x": 1}',
    'the response includes "id", "status" and "amount" fields',
    'the response includes "id" field',
    'the response header "Content-Type" contains "json"',
    'the request header "Idempotency-Key" is "k"',
  ])('the library defines: %s', (text) => {
    expect(isLibraryStep(text)).toBe(true);
  });

  it.each(['I call FETCH /x', 'I receive a lot', 'the response is fine', 'I call GET'])('the library does not define: %s', (text) => {
    expect(isLibraryStep(text)).toBe(false);
  });

  it('parses calls and field lists', () => {
    expect(parseCall('I call DELETE /v1/x/1 with body:')).toEqual({ method: 'DELETE', path: '/v1/x/1' });
    expect(parseFieldList('"a", "b" and "c"')).toEqual(['a', 'b', 'c']);
  });
});

describe('request bodies', () => {
  it('parses a doc string as JSON and says so when it is not', () => {
    expect(requestBody('{"a": [1]}')).toEqual({ a: [1] });
    expect(() => requestBody('{"a":')).toThrow(/doc string body is not valid JSON/);
    expect(requestBody(undefined)).toBeUndefined();
  });

  it('turns a two-column table into an object, JSON cells typed', () => {
    const table = { raw: () => [['amount', '"1.00"'], ['count', '3'], ['note', 'plain text'], ['flag', 'true']] };
    expect(requestBody(table)).toEqual({ amount: '1.00', count: 3, note: 'plain text', flag: true });
    expect(() => requestBody({ raw: () => [['a', 'b', 'c']] })).toThrow(/two columns/);
  });
});

describe('assertion helpers', () => {
  it('looks up dotted paths through objects and arrays, own properties only', () => {
    const doc = { a: { list: [{ b: 0 }] } };
    expect(lookup(doc, 'a.list.0.b')).toEqual({ found: true, value: 0 });
    expect(lookup(doc, 'a.missing')).toEqual({ found: false, value: undefined });
    expect(lookup(doc, 'a.constructor')).toEqual({ found: false, value: undefined });
  });

  it('wants expected values as JSON and explains how to write them', () => {
    expect(parseExpected('"EUR"')).toBe('EUR');
    expect(() => parseExpected('EUR')).toThrow(/write strings in double quotes/);
  });

  it('splits a command line like a shell, without expansion', () => {
    expect(splitArgs(`validate "my file.feature" --mode 'compliance' $HOME`)).toEqual(['validate', 'my file.feature', '--mode', 'compliance', '$HOME']);
  });
});
