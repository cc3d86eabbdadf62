import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseStoreLocation } from '../../core/store/location.js';
import { createPool, storeFailure, type PgLocation } from './pg-client.js';

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

/** A server that speaks just enough of the protocol to let a client connect (trust auth), then can vanish. */
async function vanishingServer(): Promise<{ port: number; vanish: () => void; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      // AuthenticationOk, then ReadyForQuery (idle).
      socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    vanish: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a server that goes away', () => {
  it('a checked-out client losing its server crashes nothing: the store reports STORE_UNAVAILABLE', async () => {
    const server = await vanishingServer();
    const crashes: unknown[] = [];
    let crashed = (): void => undefined;
    const onCrash = (error: unknown): void => {
      crashes.push(error);
      crashed();
    };
    process.on('uncaughtException', onCrash);
    const at = parseStoreLocation(`postgres://ci:hunter2@127.0.0.1:${server.port}/specgate`, 'test', (d) => d) as PgLocation;
    const pool = createPool(at, 1);
    try {
      const client = await pool.connect();
      // Checked out (as in a push's transaction between two queries) when the server stops.
      // Without a listener the driver's 'error' is thrown out of its socket handler (the CLI's
      // `Unhandled 'error' event`), before it would emit 'end': wait for whichever comes first.
      const ended = new Promise<void>((resolve) => {
        crashed = resolve;
        client.once('end', () => resolve());
      });
      server.vanish();
      await ended;
      const failure = await client.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => storeFailure(at, error, 'pushing'),
      );
      client.release(true);
      expect(crashes).toEqual([]);
      expect(failure?.code).toBe('STORE_UNAVAILABLE');
      expect(failure?.message).toMatch(/^pushing: the store postgres:\/\/ci:\*\*\*@127\.0\.0\.1:\d+\/specgate is unavailable/);
      expect(failure?.message).not.toContain('hunter2');
    } finally {
      process.off('uncaughtException', onCrash);
      await pool.end().catch(() => undefined);
      await server.close();
    }
  });
});
