// Cost of the staging proxy and of a zero-downtime switch, on this machine.
// Baseline: the same GET /healthz sent straight to the service (no proxy).
//   npm run build && node bench/deploy/proxy.mjs [requests]
// Prints p50/p95/mean latency direct and through the proxy, the ratio, and how long the
// switch from one release to another takes while requests keep flowing (and how many failed).
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createStagingProxy } = await import(path.join(root, 'dist/adapters/deploy/proxy.js'));
const N = Number(process.argv[2] ?? 2000);

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startService(release) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'test/fixtures/deploy/services/healthy.mjs')], {
    env: { ...process.env, PORT: String(port), SPECGATE_RELEASE: release },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await get(port).then((r) => r.status === 200, () => false);
    if (ok) return { port, child };
    await new Promise((r) => setTimeout(r, 20));
  }
}

function get(port) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, release: res.headers['x-specgate-release'] }));
      })
      .on('error', reject);
  });
}

async function measure(port) {
  for (let i = 0; i < 50; i += 1) await get(port); // warm-up
  const times = [];
  for (let i = 0; i < N; i += 1) times.push((await get(port)).ms);
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

const a = await startService('A');
const b = await startService('B');
let backend = { releaseId: 'A', port: a.port };
const proxy = createStagingProxy(() => backend);
const proxyPort = await freePort();
await new Promise((r) => proxy.listen(proxyPort, '127.0.0.1', r));

const direct = await measure(a.port);
const proxied = await measure(proxyPort);
const fmt = (x) => x.toFixed(3);
console.log(`requests per series: ${N} (sequential, new connection each, node ${process.version})`);
console.log(`direct  (baseline): p50 ${fmt(direct.p50)} ms  p95 ${fmt(direct.p95)} ms  mean ${fmt(direct.mean)} ms`);
console.log(`through proxy     : p50 ${fmt(proxied.p50)} ms  p95 ${fmt(proxied.p95)} ms  mean ${fmt(proxied.mean)} ms`);
console.log(`ratio proxy/direct: p50 ${(proxied.p50 / direct.p50).toFixed(2)}x  mean ${(proxied.mean / direct.mean).toFixed(2)}x  (added ${fmt(proxied.mean - direct.mean)} ms per request)`);

// Switch under load: 4 concurrent clients; flip A→B→A 50 times; count failed requests.
let failures = 0;
let total = 0;
let running = true;
const clients = Array.from({ length: 4 }, async () => {
  while (running) {
    total += 1;
    const r = await get(proxyPort).catch(() => ({ status: 0 }));
    if (r.status !== 200) failures += 1;
  }
});
const flips = [];
for (let i = 0; i < 50; i += 1) {
  await new Promise((r) => setTimeout(r, 20));
  const started = performance.now();
  backend = backend.releaseId === 'A' ? { releaseId: 'B', port: b.port } : { releaseId: 'A', port: a.port };
  flips.push(performance.now() - started);
}
running = false;
await Promise.all(clients);
console.log(`switches under load: 50 flips, ${total} requests, ${failures} failed; pointer swap ${fmt(Math.max(...flips))} ms max`);

proxy.close();
a.child.kill();
b.child.kill();
