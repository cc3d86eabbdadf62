#!/usr/bin/env node
// Ledger and runs benchmark (run `npm run build` first). Prints figures and the ratio against a
// named baseline for each target of docs/evidence.md:
//   1. appends/s with fsync, one process and 8 processes   baseline: bare write+fsync of the same lines
//   2. audit verify on a 1,000,000-line ledger (≤ 2 s)      baseline: `sha256sum` of the same file
//   3. runs listing with 10,000 run folders (≤ 300 ms)      baseline: `find -name manifest.json`
// Usage: node bench/ledger/run.mjs [--lines 1000000] [--runs 10000] [--appends 2000]
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'dist', p);
const { appendCheckpoint, verifyLedger, ledgerPath } = await import(dist('adapters/evidence/ledger-file.js'));
const { ledgerLine, GENESIS_CHAIN } = await import(dist('core/evidence/checkpoint.js'));
const { listRuns } = await import(dist('cli/compose-evidence.js'));
const { initialManifest, finishedManifest, serializeManifest } = await import(dist('core/evidence/manifest.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const LINES = arg('lines', 1_000_000);
const RUNS = arg('runs', 10_000);
const APPENDS = arg('appends', 2000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-bench-ledger-'));
const ms = (t0) => performance.now() - t0;
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const cp = (i, worker = 0) => ({
  time: new Date(Date.UTC(2025, 8, 24, 14, 4, 40) + i * 1000),
  runId: '20250924140440',
  featureSha: '005cc0262265',
  stage: ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit'][i % 6],
  status: 'success',
  artifact: `w${worker}-${i}.json`,
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`specgate ledger benchmark — node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`work dir ${work}\n`);

// 1a. One process.
{
  const reports = path.join(work, 'append1');
  for (let i = 0; i < 20; i += 1) await appendCheckpoint(reports, cp(i)); // warm up
  let t0 = performance.now();
  for (let i = 0; i < APPENDS; i += 1) await appendCheckpoint(reports, cp(i));
  const ours = APPENDS / (ms(t0) / 1000);
  // Baseline: the same lines, write + fsync on an open file, no lock, no chain, no tail read.
  const fd = fs.openSync(path.join(work, 'raw.log'), 'a');
  t0 = performance.now();
  let prev = GENESIS_CHAIN;
  for (let i = 0; i < APPENDS; i += 1) {
    const l = ledgerLine(prev, cp(i));
    prev = l.chain;
    fs.writeSync(fd, `${l.line}\n`);
    fs.fsyncSync(fd);
  }
  fs.closeSync(fd);
  const raw = APPENDS / (ms(t0) / 1000);
  console.log(`1. appends, 1 process:   ${fmt(ours)} appends/s with lock + fsync   (baseline bare write+fsync ${fmt(raw)}/s; ratio ${(ours / raw).toFixed(2)}×)`);
}

// 1b. Eight processes at once.
{
  const reports = path.join(work, 'append8');
  const per = Math.max(1, Math.floor(APPENDS / 4));
  const workers = Array.from({ length: 8 }, (_, w) =>
    spawn(process.execPath, [path.join(root, 'test/fixtures/evidence/append-worker.mjs'), reports, String(per), String(w)], { env: { ...process.env, WORKER_QUIET: '1' }, stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  await Promise.all(workers.map((c) => new Promise((r) => c.stdout.once('data', r))));
  const t0 = performance.now();
  await Promise.all(workers.map((c) => new Promise((r) => c.on('exit', r))));
  const total = per * 8;
  const rate = total / (ms(t0) / 1000);
  const verified = await verifyLedger(reports);
  console.log(`   appends, 8 processes: ${fmt(rate)} appends/s total (${fmt(total)} lines, chain ${verified.ok && verified.lines === total ? 'intact' : 'BROKEN'})`);
}

// 2. Verify a 1,000,000-line ledger.
{
  const reports = path.join(work, 'verify', 'reports');
  fs.mkdirSync(path.join(reports, 'audit'), { recursive: true });
  const file = ledgerPath(reports);
  const fd = fs.openSync(file, 'w');
  let prev = GENESIS_CHAIN;
  let batch = [];
  for (let i = 0; i < LINES; i += 1) {
    const l = ledgerLine(prev, cp(i, i % 97));
    prev = l.chain;
    batch.push(l.line);
    if (batch.length === 10_000) {
      fs.writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length) fs.writeSync(fd, `${batch.join('\n')}\n`);
  fs.closeSync(fd);
  const size = fs.statSync(file).size;
  execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 1 << 30 }); // warm the page cache
  const times = [];
  let result;
  for (let i = 0; i < 3; i += 1) {
    const t0 = performance.now();
    result = await verifyLedger(reports);
    times.push(ms(t0));
  }
  const t = median(times);
  const { LedgerVerifier } = await import(dist('core/evidence/verify.js'));
  const seqTimes = [];
  for (let i = 0; i < 3; i += 1) {
    const t1 = performance.now();
    const v = new LedgerVerifier();
    const h = fs.openSync(file, 'r');
    const buf = Buffer.alloc(4 << 20);
    for (let n; (n = fs.readSync(h, buf, 0, buf.length, null)) > 0; ) v.feed(buf.subarray(0, n));
    fs.closeSync(h);
    v.end();
    seqTimes.push(ms(t1));
  }
  const seq = median(seqTimes);
  let t0 = performance.now();
  execFileSync('sha256sum', [file], { stdio: 'ignore' });
  const sha = ms(t0);
  t0 = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/specgate'), 'audit', 'verify'], {
    stdio: 'ignore',
    cwd: path.dirname(reports),
  });
  const cli = ms(t0);
  console.log(
    `2. audit verify:         ${fmt(LINES)} lines (${fmt(size / 1e6, 1)} MB) in ${fmt(t)} ms = ${fmt(LINES / (t / 1000))} lines/s, ok=${result.ok} (target ≤ 2,000 ms, ≥ 500k lines/s)\n` +
      `                         (verifyLedger: slices on ${os.availableParallelism()} cores; one thread alone: ${fmt(seq)} ms = ${fmt(LINES / (seq / 1000))} lines/s)\n` +
      `                         baseline sha256sum of the file ${fmt(sha)} ms; ratio ${(t / sha).toFixed(2)}× (our verify hashes every line separately)\n` +
      `                         CLI 'specgate audit verify' end to end (process start + config + verify): ${fmt(cli)} ms`,
  );
  fs.rmSync(path.dirname(reports), { recursive: true, force: true });
}

// 3. List 10,000 runs.
{
  const reports = path.join(work, 'runs', 'reports');
  const features = 10;
  for (let i = 0; i < RUNS; i += 1) {
    const sha = (i % features).toString(16).padStart(12, 'a');
    const startedAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000);
    const runId = startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(reports, sha, runId);
    fs.mkdirSync(dir, { recursive: true });
    const m = finishedManifest(
      initialManifest({ runId, featureSha: sha, mode: 'sandbox', initiator: 'ci', git: { commit: null, dirty: null }, toolVersion: '0.1.0', startedAt: startedAt.toISOString(), process: { pid: 1, hostname: 'h', startTime: '' } }),
      'success',
      new Date(startedAt.getTime() + 30_000).toISOString(),
    );
    const withArtifacts = { ...m, artifacts: Array.from({ length: 8 }, (_, k) => ({ path: `artifact-${k}.json`, sha256: 'a'.repeat(64), size: 1234, mediaType: 'application/json' })) };
    fs.writeFileSync(path.join(dir, 'manifest.json'), serializeManifest(withArtifacts));
  }
  const times = [];
  let count = 0;
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    count = (await listRuns(reports)).length;
    times.push(ms(t0));
  }
  const t = median(times);
  let t0 = performance.now();
  execFileSync('sh', ['-c', `find "${reports}" -name manifest.json | wc -l`], { stdio: 'ignore' });
  const find = ms(t0);
  t0 = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/specgate'), 'runs', '--json'], { cwd: path.dirname(reports), stdio: 'ignore', maxBuffer: 1 << 28 });
  const cli = ms(t0);
  console.log(
    `3. runs listing:         ${fmt(count)} runs in ${fmt(t)} ms (median of 5, in-process listRuns; target ≤ 300 ms)\n` +
      `                         baseline find -name manifest.json ${fmt(find)} ms; ratio ${(t / find).toFixed(2)}×\n` +
      `                         CLI 'specgate runs --json' end to end: ${fmt(cli)} ms`,
  );
}

fs.rmSync(work, { recursive: true, force: true });
