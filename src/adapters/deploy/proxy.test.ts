// The staging proxy against real loopback servers.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStagingProxy, type Backend } from './proxy.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function listen(server: http.Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('createStagingProxy', () => {
  it('forwards method, path, headers and body to the serving release and names it', async () => {
    const backendPort = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          res.writeHead(201, { 'x-echo': req.headers['x-test'] ?? '' });
          res.end(`${req.method} ${req.url} ${body}`);
        });
      }),
    );
    const port = await listen(createStagingProxy(() => ({ releaseId: 'r1', port: backendPort })));
    const res = await fetch(`http://127.0.0.1:${port}/orders?id=1`, { method: 'POST', body: 'payload', headers: { 'x-test': 'yes' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.get('x-specgate-release')).toBe('r1');
    expect(await res.text()).toBe('POST /orders?id=1 payload');
  });

  it('answers 503 when nothing serves and 502 when the release does not answer', async () => {
    const current: { backend?: Backend } = {};
    const port = await listen(createStagingProxy(() => current.backend));
    const none = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(none.status).toBe(503);
    expect(await none.json()).toMatchObject({ error: 'nothing serving staging' });
    const closed = await listen(http.createServer());
    await new Promise((r) => servers.pop()!.close(r));
    current.backend = { releaseId: 'gone', port: closed };
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(down.status).toBe(502);
    expect((await down.json()) as { error: string }).toMatchObject({ error: expect.stringContaining('release gone did not answer') });
  });

  it('switching is immediate: the next request goes to the new release', async () => {
    const a = await listen(http.createServer((_q, s) => s.end('a')));
    const b = await listen(http.createServer((_q, s) => s.end('b')));
    let backend: Backend = { releaseId: 'A', port: a };
    const port = await listen(createStagingProxy(() => backend));
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('a');
    backend = { releaseId: 'B', port: b };
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('b');
  });
});
