import { describe, expect, it } from 'vitest';
import { parseStoreLocation } from './location.js';

const parse = (url: string) => parseStoreLocation(url, 'SPECGATE_STORE_URL', (d) => `/abs/${d}`);

describe('the store URL', () => {
  it('accepts the TLS modes node-postgres 8 knows, with CA, certificate and key files', () => {
    for (const mode of ['verify-full', 'verify-ca', 'require', 'prefer', 'no-verify', 'disable']) {
      expect(parse(`postgres://ci@db:5432/specgate?sslmode=${mode}&sslrootcert=/etc/ca.pem&sslcert=/c.pem&sslkey=/k.pem`).kind).toBe('postgres');
    }
  });

  it('refuses an sslmode typo (exit 2, password redacted) instead of guessing', () => {
    expect(() => parse('postgres://ci:hunter2@db/specgate?sslmode=verify_full')).toThrow(/STORE_URL_INVALID|sslmode=verify_full, which node-postgres does not know/);
    try {
      parse('postgres://ci:hunter2@db/specgate?sslmode=verify_full');
    } catch (error) {
      expect((error as { code: string }).code).toBe('STORE_URL_INVALID');
      expect((error as Error).message).toContain('postgres://ci:***@db/specgate');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
