import { describe, expect, it } from 'vitest';
import { parseStoreLocation } from '../../core/store/location.js';
import { storeFailure, type PgLocation } from './pg-client.js';

const location = parseStoreLocation('postgres://ci:hunter2@db/specgate?sslmode=verify-full&sslrootcert=/etc/missing-ca.pem', 'test', (d) => d) as PgLocation;

describe('driver failures as store errors', () => {
  it('a TLS file the driver cannot open is a setting to fix (exit 2, the file named), not an outage', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/etc/missing-ca.pem'"), { code: 'ENOENT', syscall: 'open', path: '/etc/missing-ca.pem' });
    const e = storeFailure(location, enoent, 'opening the store');
    expect(e.code).toBe('STORE_URL_INVALID');
    expect(e.message).toMatch(/cannot read \/etc\/missing-ca\.pem, named in the store URL postgres:\/\/ci:\*\*\*@db/);
    expect(e.message).not.toContain('hunter2');
  });

  it('a socket that is gone is still an outage (exit 1, retry)', () => {
    const gone = Object.assign(new Error('connect ENOENT /tmp/.s.PGSQL.5432'), { code: 'ENOENT', syscall: 'connect', address: '/tmp/.s.PGSQL.5432' });
    expect(storeFailure(location, gone, 'pushing').code).toBe('STORE_UNAVAILABLE');
  });
});
