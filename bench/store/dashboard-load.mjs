// Open-loop load on `specgate serve --store` run as its own process (as it runs for real, so the
// load generator does not share the server's event loop): requests leave on schedule whether or
// not earlier ones finished. The /store list pages (filters and a keyset page) are interleaved
// request by request with /static/app.css, the floor: what the same server costs with no page work.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { BIN } from '../lib/pairs.mjs';
import { startServe } from '../lib/serve.mjs';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Starts `specgate serve --store STORE` in an empty project folder; resolves its URL. */
async function serve(store, work) {
  const dir = fs.mkdtempSync(path.join(work, 'serve-'));
  fs.mkdirSync(path.join(dir, 'reports'));
  const { url, child } = await startServe(BIN, ['--store', store], { cwd: dir });
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * `rate` requests/s (the achieved rate counts until the last response: below `rate` when the
 * server falls behind) for `seconds` against a fresh server on `store`; half /store pages, half the
 * static floor. Returns p50/p99 per class, errors and the achieved rate.
 */
export async function loadStorePages(store, work, { rate, seconds, cursor }) {
  const server = await serve(store, work);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pages = ['/store', '/store?status=awaiting-approval', '/store?project=svc7', '/store?mode=compliance', '/store?from=2025-03-01', '/store/approvals', ...(cursor ? [`/store?after=${cursor}`] : [])];
  const lat = { list: [], static: [] };
  const serverMs = [];
  let errors = 0;
  const get = (p) => new Promise((resolve) => {
    const t0 = performance.now();
    http.get(`${server.url}${p}`, { agent }, (res) => {
      res.resume();
      const server = Number(/dur=([\d.]+)/.exec(res.headers['server-timing'] ?? '')?.[1] ?? NaN);
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0, server }));
    }).on('error', () => resolve({ ok: false, ms: NaN }));
  });
  try {
    await get('/store'); // warm-up: connection pool, JIT
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const pending = [];
    for (let i = 0; i < total; i += 1) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind = i % 2 === 0 ? 'list' : 'static';
      const p = kind === 'list' ? pages[(i / 2) % pages.length] : '/static/app.css';
      pending.push(get(p).then((r) => {
        if (!r.ok) errors += 1;
        else lat[kind].push(r.ms);
        if (r.ok && kind === 'list' && Number.isFinite(r.server)) serverMs.push(r.server);
      }));
    }
    await Promise.all(pending);
    const achieved = total / ((performance.now() - start) / 1000);
    return { achieved, errors, server: { p50: pct(serverMs, 50), p99: pct(serverMs, 99) }, list: { n: lat.list.length, p50: pct(lat.list, 50), p99: pct(lat.list, 99) }, floor: { n: lat.static.length, p50: pct(lat.static, 50), p99: pct(lat.static, 99) } };
  } finally {
    agent.destroy();
    server.stop();
  }
}
