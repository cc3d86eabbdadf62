#!/usr/bin/env node
// Dashboard benchmark. Creates 10,000 runs (20 features × 500 runs, manifests built with the
// evidence core), starts the built `specgate serve` as a child process, then prints:
//  1. the run-list page's server time (Server-Timing), cold (first request builds the index) and
//     warm (median of 50), against the baseline of listing every run per request with the
//     evidence store's listRuns() (what a dashboard without an index would do);
//  2. the run page's server time: cold (verifies digests, signatures, provenance, the ledger) and
//     warm (the verdict cached by the evidence stamp), over real signed runs (the test fixtures,
//     copied in beside the 10,000 generated ones);
//  3. p50/p99/max latency from an open-loop loopback load generator at 200 requests/s for 30 s,
//     interleaving run-list pages (filters, pagination, approvals), run pages and a static file
//     (/static/app.css, the floor: what the server costs with no page work), each class reported
//     separately, measured in the same run.
// The machine's load average is printed before and after the load phase: on a shared, loaded machine
// the generator and the server compete for the same cores, so read the page/floor ratios, not the
// absolute p99. Requests still unanswered --drain seconds after the last one was sent count as errors
// (timed out), so the benchmark ends in about setup + --seconds + --drain even on a saturated machine.
// Usage: npm run build && node bench/dashboard/run.mjs [--runs 10000] [--seconds 30] [--rate 200] [--drain 15]
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startServe } from '../lib/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 10_000);
const SECONDS = arg('seconds', 30);
const RATE = arg('rate', 200);
const DRAIN = arg('drain', 15);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');
const FEATURES = 20;
const work = path.join(root, 'bench/.work/dashboard');
const reports = path.join(work, `reports-${RUNS}-with-fixtures`);
const ev = await import(path.join(root, 'dist/core/evidence/index.js'));
const { listRuns } = await import(path.join(root, 'dist/cli/compose-evidence.js'));

const sha = (s) => createHash('sha256').update(s).digest('hex');
const iso = (ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const STATUSES = ['success', 'success', 'success', 'warning', 'failure'];

function createRuns() {
  if (fs.existsSync(path.join(reports, '.complete'))) return false;
  fs.rmSync(reports, { recursive: true, force: true });
  const lines = [];
  let prev = ev.GENESIS_CHAIN;
  const perFeature = Math.ceil(RUNS / FEATURES);
  let n = 0;
  for (let f = 0; f < FEATURES && n < RUNS; f += 1) {
    const featureSha = sha(`feature-${f}`).slice(0, 12);
    let last;
    for (let i = 0; i < perFeature && n < RUNS; i += 1, n += 1) {
      const start = Date.UTC(2025, 0, 1) + (f * perFeature + i) * 3_600_000;
      const runId = ev.baseRunId(new Date(start));
      const runDir = path.join(reports, featureSha, runId);
      fs.mkdirSync(runDir, { recursive: true });
      let m = ev.initialManifest({ runId, featureSha, mode: i % 3 === 0 ? 'compliance' : 'sandbox', initiator: `dev${i % 7}@example.com`, git: { commit: sha(runId).slice(0, 40), dirty: false }, toolVersion: '0.1.0', startedAt: iso(start), process: { pid: 1000 + i, hostname: 'bench', startTime: 'boot:1' } });
      let t = start;
      for (const stage of ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit']) {
        m = ev.withStage(m, { name: stage, status: 'success', startedAt: iso(t), endedAt: iso(t + 5000), summary: `${stage} ok`, artifacts: [] });
        t += 5000;
      }
      for (const a of ['spec-validation-report.json', 'spec-coverage.json', 'sast.sarif', 'sbom.cyclonedx.json', 'deploy-report.json', 'resource-estimates.json']) {
        m = ev.withArtifact(m, { path: a, sha256: sha(a + runId), size: 1000, mediaType: 'application/json' });
      }
      const status = i === perFeature - 1 && f % 4 === 0 ? 'awaiting-approval' : STATUSES[i % STATUSES.length];
      m = status === 'awaiting-approval' ? { ...m, status } : ev.finishedManifest(m, status, iso(t));
      fs.writeFileSync(path.join(runDir, 'manifest.json'), ev.serializeManifest(m));
      const l = ev.ledgerLine(prev, { time: new Date(t), runId, featureSha, stage: 'run', status: ev.runEndLedgerStatus(status === 'awaiting-approval' ? 'blocked' : status), artifact: 'manifest.json' });
      prev = l.chain;
      lines.push(`${l.line}\n`);
      if (status !== 'awaiting-approval') last = runId;
    }
    if (last) fs.symlinkSync(last, path.join(reports, featureSha, 'latest'));
  }
  fs.mkdirSync(path.join(reports, 'audit'), { recursive: true });
  fs.writeFileSync(path.join(reports, 'audit', 'checkpoints.log'), lines.join(''));
  // Real signed runs (the report fixtures) for the run page: verified like any run.
  fs.cpSync(path.join(root, 'test/fixtures/runs/good/2918efd63b57'), path.join(reports, '2918efd63b57'), { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(reports, '.complete'), '');
  return true;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6, server: Number(/dur=([\d.]+)/.exec(res.headers['server-timing'] ?? '')?.[1] ?? NaN) }));
    }).on('error', reject);
  });
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);

const t0 = Date.now();
const created = createRuns();
process.stdout.write(`runs: ${RUNS} in ${FEATURES} features under ${path.relative(root, reports)} (${created ? `created in ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'reused'})\n`);

// Baseline: listing every run per request (parse 10,000 manifests), as `specgate runs` does.
const base = [];
for (let i = 0; i < 5; i += 1) {
  const s = process.hrtime.bigint();
  await listRuns(reports);
  base.push(Number(process.hrtime.bigint() - s) / 1e6);
}

const startedAt = performance.now();
const { url, child } = await startServe(path.join(root, 'bin/specgate'), ['--reports', reports]);
try {
  const cold = await get(`${url}/`);
  if (cold.status !== 200) throw new Error(`GET / answered ${cold.status}: fix the dashboard before benchmarking it`);
  const warm = [];
  for (let i = 0; i < 50; i += 1) warm.push((await get(`${url}/?page=${1 + (i % 20)}`)).server);
  const filtered = [];
  for (let i = 0; i < 20; i += 1) filtered.push((await get(`${url}/?status=failure&mode=sandbox&page=${1 + i}`)).server);
  process.stdout.write(`run-list page, server time: cold ${cold.server.toFixed(1)} ms (builds the index), warm median ${median(warm).toFixed(2)} ms, p99 ${pct(warm, 99).toFixed(2)} ms; filtered median ${median(filtered).toFixed(2)} ms  (target ≤ 100 ms)\n`);
  process.stdout.write(`baseline listRuns() of all ${RUNS} runs per request: median ${median(base).toFixed(1)} ms → warm page is ${(median(base) / median(warm)).toFixed(0)}× faster\n`);

  // Run pages: the first view verifies the run, later views reuse the verdict while the evidence is unchanged.
  const runPages = ['20260101090000', '20260102090000', '20260103090000', '20260105090000', '20260106090000'].map((id) => `/runs/2918efd63b57/${id}`);
  const runCold = [];
  for (const p of runPages) {
    const r = await get(`${url}${p}`);
    if (r.status !== 200) throw new Error(`GET ${p} answered ${r.status}`);
    runCold.push(r.server);
  }
  const runWarm = [];
  for (let i = 0; i < 100; i += 1) runWarm.push((await get(`${url}${runPages[i % runPages.length]}`)).server);
  process.stdout.write(`run page, server time: cold median ${median(runCold).toFixed(1)} ms (verifies the run), warm median ${median(runWarm).toFixed(2)} ms, p99 ${pct(runWarm, 99).toFixed(2)} ms  (target warm ≤ 20 ms)\n`);
  // The first run page the server shows, then the first view of each other run: each verifies its
  // run and checks the ledger anchors of all runs against the current ledger.
  process.stdout.write(`run page, first views: the server's first ${runCold[0].toFixed(1)} ms (${((performance.now() - startedAt) / 1000).toFixed(1)} s after start), each other run's first median ${median(runCold.slice(1)).toFixed(1)} ms\n`);

  // Open-loop load: requests are sent on schedule whether or not earlier ones finished. The three
  // classes are interleaved request by request, so the static floor sees the same machine load.
  const classes = {
    list: ['/', '/?page=7', '/?status=failure', '/?mode=compliance&page=3', '/approvals', `/?feature=${sha('feature-3').slice(0, 12)}`],
    run: runPages,
    static: ['/static/app.css'],
  };
  const order = ['list', 'run', 'static'];
  process.stdout.write(`load average before the load phase (1, 5, 15 min): ${load()} on ${os.cpus().length} CPU(s)\n`);
  const lat = { list: [], run: [], static: [] };
  let errors = 0;
  const total = RATE * SECONDS;
  const startLoad = performance.now();
  const pending = [];
  for (let i = 0; i < total; i += 1) {
    const due = startLoad + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const kind = order[i % order.length];
    const list = classes[kind];
    pending.push(get(`${url}${list[Math.floor(i / order.length) % list.length]}`).then((r) => {
      if (r.status !== 200) errors += 1;
      lat[kind].push(r.ms);
    }, () => { errors += 1; }));
  }
  const sentIn = (performance.now() - startLoad) / 1000;
  let drained = false;
  await Promise.race([Promise.all(pending).then(() => { drained = true; }), new Promise((r) => setTimeout(r, DRAIN * 1000).unref())]);
  const answered = lat.list.length + lat.run.length + lat.static.length;
  const timedOut = drained ? 0 : total - answered - errors;
  errors += timedOut;
  process.stdout.write(`load: ${total} requests scheduled at ${RATE}/s for ${SECONDS} s, sent in ${sentIn.toFixed(1)} s (achieved ${(total / sentIn).toFixed(0)}/s), errors ${errors}${timedOut > 0 ? ` (${timedOut} unanswered ${DRAIN} s after the last was sent)` : ''}; load average after: ${load()}\n`);
  for (const kind of order) {
    const xs = lat[kind];
    if (xs.length === 0) { process.stdout.write(`  ${kind.padEnd(6)}     0 requests answered\n`); continue; }
    const ratio = kind === 'static' ? '' : ` → ${(pct(xs, 99) / pct(lat.static, 99)).toFixed(1)}× the static floor's p99`;
    process.stdout.write(`  ${kind.padEnd(6)} ${String(xs.length).padStart(5)} requests: p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(1)} ms${ratio}${kind === 'static' ? '  (floor)' : '  (target p99 ≤ 50 ms)'}\n`);
  }
} finally {
  child.kill('SIGTERM');
  agent.destroy();
}
