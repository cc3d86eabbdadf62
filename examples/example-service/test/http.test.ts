// The HTTP surface through a real loopback server: generated router + services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv, startServer, type RunningServer } from '../src/server.js';

let server: RunningServer;
let ids = 0;
const errors: unknown[] = [];

beforeAll(async () => {
  server = await startServer({
    port: 0,
    build: { service: 'example-service', commit: 'abc1234' },
    now: () => new Date('2026-01-02T03:04:05Z'),
    newId: () => `pay_${String(++ids).padStart(16, '0')}`,
    onError: (error) => errors.push(error),
  });
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const payment = { amount: '125.50', currency: 'EUR', creditorIban: 'DE89370400440532013000' };

describe('health', () => {
  it('binds to loopback and reports ok', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call('GET', '/healthz');
    expect(res).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('ping names the service and commit, and no release outside a specgate deploy', async () => {
    expect(await call('GET', '/v1/ping')).toEqual(
      expect.objectContaining({ status: 200, json: { pong: true, service: 'example-service', commit: 'abc1234' } }),
    );
  });
});

describe('payments', () => {
  it('creates a payment, masks the IBAN and finds it again', async () => {
    const created = await call('POST', '/v1/payments', { ...payment, reference: 'INV-1' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: 'pay_0000000000000001',
      status: 'accepted',
      amount: { value: '125.50', currency: 'EUR', minorUnits: 12550 },
      creditorIban: 'DE89 **** **** **** **30 00',
      reference: 'INV-1',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(created.headers.get('location')).toBe('/v1/payments/pay_0000000000000001');
    expect(await call('GET', '/v1/payments/pay_0000000000000001')).toMatchObject({ status: 200, json: { id: 'pay_0000000000000001' } });
    expect(await call('GET', '/v1/payments/pay_missing')).toMatchObject({ status: 404, json: { error: 'payment_not_found' } });
  });

  it('rejects invalid payments with 422 and every violation', async () => {
    const res = await call('POST', '/v1/payments', { amount: 1, currency: 'eur', creditorIban: 'x' });
    expect(res.status).toBe(422);
    expect(res.json.violations.map((v: { field: string }) => v.field)).toEqual(['amount', 'currency', 'creditorIban']);
  });

  it('answers 400 to a body that is not JSON and 413 to a huge one', async () => {
    expect(await call('POST', '/v1/payments', '{"amount":')).toMatchObject({ status: 400, json: { error: 'invalid_json' } });
    expect((await call('POST', '/v1/payments', 'x'.repeat(1_100_000))).status).toBe(413);
  });

  it('answers 404 for unknown paths and 405 with Allow for wrong methods', async () => {
    expect(await call('GET', '/nope')).toMatchObject({ status: 404, json: { error: 'not_found' } });
    const res = await call('DELETE', '/v1/payments');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers 400 to a malformed percent-encoded id', async () => {
    expect((await call('GET', '/v1/payments/%E0%A4%A')).status).toBe(400);
  });
});

describe('idempotency', () => {
  it('replays a retry with the same key and body', async () => {
    const first = await call('POST', '/v1/payments', payment, { 'idempotency-key': 'test-key-0001' });
    const again = await call('POST', '/v1/payments', payment, { 'idempotency-key': 'test-key-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
  });

  it('refuses the key with another body and rejects malformed keys', async () => {
    await call('POST', '/v1/payments', payment, { 'idempotency-key': 'test-key-0002' });
    expect(await call('POST', '/v1/payments', { ...payment, amount: '1.00' }, { 'idempotency-key': 'test-key-0002' })).toMatchObject({
      status: 409,
      json: { error: 'idempotency_key_reused' },
    });
    expect(await call('POST', '/v1/payments', payment, { 'idempotency-key': 'bad key!' })).toMatchObject({ status: 400 });
  });

  it('never leaked a handler error', () => {
    expect(errors).toEqual([]);
  });
});

describe('optionsFromEnv', () => {
  it('defaults to loopback and port 8787, reads GIT_COMMIT', () => {
    expect(optionsFromEnv({})).toEqual({ port: 8787, host: '127.0.0.1', build: { service: 'example-service', commit: 'unknown' } });
    expect(optionsFromEnv({ PORT: '9000', GIT_COMMIT: 'deadbeef' })).toMatchObject({ port: 9000, build: { commit: 'deadbeef' } });
    expect(optionsFromEnv({ SPECGATE_FEATURE_SHA: 'e9a2f3365fb5', SPECGATE_RELEASE: '20261128151337' }).build).toEqual({
      service: 'example-service',
      commit: 'unknown',
      featureSha: 'e9a2f3365fb5',
      release: '20261128151337',
    });
  });

  it('rejects a bad PORT', () => {
    expect(() => optionsFromEnv({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
  });
});
