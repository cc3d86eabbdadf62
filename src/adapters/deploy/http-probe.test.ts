import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpHealthProbe } from './http-probe.js';

describe('httpHealthProbe', () => {
  it('reports the status, a refused connection and a timeout without throwing', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(req.url === '/healthz' ? 200 : 503);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await httpHealthProbe.probe(`http://127.0.0.1:${port}/healthz`, 1000)).toMatchObject({ status: 200 });
      expect(await httpHealthProbe.probe(`http://127.0.0.1:${port}/other`, 1000)).toMatchObject({ status: 503 });
      const slow = await httpHealthProbe.probe(`http://127.0.0.1:${port}/slow`, 200);
      expect(slow).toMatchObject({ status: null, error: 'no response within 200 ms' });
      expect(slow.latencyMs).toBeGreaterThanOrEqual(190);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    expect(await httpHealthProbe.probe(`http://127.0.0.1:${port}/healthz`, 1000)).toMatchObject({ status: null, error: 'ECONNREFUSED' });
  });
});
