#!/usr/bin/env node
// Evidence store benchmark (run `npm run build` first; needs PostgreSQL 15, see scripts/setup.sh).
// Starts a throw-away cluster and measures, with the file store beside it in the same run:
//   1. push throughput (runs/s) and blob deduplication, PostgreSQL vs the file store (interleaved halves)
//   2. `runs --store` over 100,000 runs (target ≤ 200 ms): in-process first page + filters, and the
//      CLI end to end as interleaved pairs against the file store
//   3. the dashboard's /store run list over 100,000 runs at 200 req/s (target p99 ≤ 50 ms)
//   4. `audit verify --store` on a 1,000,000-line central chain (target ≥ 1 M lines/s): in process
//      (one pass vs parallel ranges), then the CLI end to end against `sha256sum` of the exported
//      chain as interleaved pairs (the floor), and the file ledger verifier on the same lines
// Usage: node bench/store/run.mjs [--runs 100000] [--file-runs 10000] [--push 100] [--lines 1000000] [--seconds 5]
//        [--rate 200] [--file-rate 10] [--only push,runs,dashboard,verify]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { BIN, REPO, ensureBuilt, load, median, pairs, report, summary } from '../lib/pairs.mjs';
import { startPgCluster } from '../lib/pg-cluster.mjs';
import { loadStorePages } from './dashboard-load.mjs';

ensureBuilt();
const dist = (p) => path.join(REPO, 'dist', p);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 100_000);
// The file store reads every record per query, so it gets fewer (its cost is linear; printed as such).
const FILE_RUNS = arg('file-runs', 10_000);
const PUSH = arg('push', 100);
const LINES = arg('lines', 1_000_000);
const SECONDS = arg('seconds', 5);
const RATE = arg('rate', 200);
const FILE_RATE = arg('file-rate', 10);
// --only push,runs,dashboard,verify: run some sections (the 100,000 runs are generated for runs and dashboard).
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : ['push', 'runs', 'dashboard', 'verify'];
const only = (section) => ONLY.includes(section);

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const { parseStoreLocation } = await import(dist('core/store/location.js'));
const { openStore, migrateStore, nodeLocalEvidence } = await import(dist('cli/compose-store.js'));
const { pushRun, readLocalLedger } = await import(dist('app/store/push.js'));
const { verifyCentralLedger } = await import(dist('app/store/audit.js'));
const { startRun } = await import(dist('cli/compose-evidence.js'));
const { signRunDirectory } = await import(dist('cli/compose-security.js'));
const { generateKeyPair, signerFromPem } = await import(dist('adapters/security/node-signer.js'));
const { fingerprint } = await import(dist('core/security/signature.js'));
const { chainOf, GENESIS_CHAIN } = await import(dist('core/evidence/checkpoint.js'));
const { verifyLedger } = await import(dist('adapters/evidence/ledger-file.js'));
const { systemClock } = await import(dist('adapters/clock.js'));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-bench-store-'));
const cluster = startPgCluster();
const rows = [];
console.log(`specgate store benchmark — node ${process.version}, ${os.cpus().length} cores, load ${load()}`);
try {
  const pgLocation = parseStoreLocation(cluster.url, 'bench', (d) => d);
  await migrateStore(pgLocation);
  const pgStore = await openStore(pgLocation, systemClock);
  const fileRoot = path.join(work, 'file-store');
  const fileStore = await openStore(parseStoreLocation(`file:${fileRoot}`, 'bench', (d) => d), systemClock);
  const pair = generateKeyPair();
  const key = { signer: signerFromPem(pair.privateKeyPem, { source: 'bench', passphraseEnv: 'NONE' }), pem: pair.publicKeyPem, fp: fingerprint(pair.publicKeyPem) };
  for (const s of [pgStore, fileStore]) await s.runs.trustKey('bench', key.pem, key.fp);

  // 1. Push throughput.
  if (only('push')) {
  const reportsDir = path.join(work, 'project/reports');
  const runDirs = [];
  const sharedLog = 'x'.repeat(64 * 1024);
  for (let i = 0; i < PUSH; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    const rec = await startRun({ reportsDir, featureSha: 'ab'.repeat(6), mode: 'compliance', initiator: 'bench', git: { commit: null, dirty: null }, toolVersion: 'bench', clock: { now: () => at, monotonicMs: () => 0 }, recover: false });
    await rec.writeArtifact('spec-validation-report.json', `{"run":"${rec.runId}"}\n`, 'application/json');
    await rec.writeArtifact('logs/build.log', sharedLog, 'text/plain'); // the same 64 KiB in every run
    await rec.setSigning({ publicKeyFingerprint: key.fp, algorithm: 'ecdsa-p256-sha256' });
    await rec.finish('success');
    await signRunDirectory(rec.runDir, key.signer);
    await rec.publishLatest();
    runDirs.push(rec.runDir);
  }
  const ledger = await readLocalLedger(nodeLocalEvidence, reportsDir);
  const pushTimes = { postgres: 0, file: 0 };
  const uploads = { postgres: 0, files: 0 };
  const half = Math.ceil(PUSH / 2);
  for (const [slice, order] of [[runDirs.slice(0, half), ['postgres', 'file']], [runDirs.slice(half), ['file', 'postgres']]]) {
    for (const kind of order) {
      const store = kind === 'postgres' ? pgStore : fileStore;
      const t0 = performance.now();
      for (const runDir of slice) {
        const r = await pushRun(store, { project: 'bench', reportsDir, runDir, ledger });
        if (kind === 'postgres') {
          uploads.postgres += r.blobsUploaded;
          uploads.files += r.files;
        }
      }
      pushTimes[kind] += performance.now() - t0;
    }
  }
  const pgRate = (PUSH / pushTimes.postgres) * 1000;
  const fileRate = (PUSH / pushTimes.file) * 1000;
  console.log(`\n1. push, ${PUSH} signed runs (3 files + 3 .sig + signing.pub + manifest each; 64 KiB log shared by all):`);
  console.log(`   PostgreSQL ${fmt(pgRate, 1)} runs/s, file store ${fmt(fileRate, 1)} runs/s (ratio ${(pgRate / fileRate).toFixed(2)}×)`);
  console.log(`   blobs uploaded ${fmt(uploads.postgres)} for ${fmt(uploads.files)} files (${((1 - uploads.postgres / uploads.files) * 100).toFixed(0)}% deduplicated)`);

  }

  // 2. 100,000 runs: generated in SQL (generate_series) and as file-store records.
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  let t0 = performance.now();
  await db.query(`INSERT INTO runs (project, feature_sha, run_id, revision, bundle_digest, mode, status, initiator, started_at, ended_at, key_fingerprint, environment, serving, local_ledger_id, local_ledger_lines, local_ledger_head)
    SELECT 'svc' || (g % 500), lpad(to_hex(g % 4096), 12, '0'), to_char(timestamptz '2025-01-01' + g * interval '1 minute', 'YYYYMMDDHH24MISS'), 1, repeat('0', 64),
           CASE WHEN g % 3 = 0 THEN 'compliance' ELSE 'sandbox' END, (ARRAY['success','warning','failure','awaiting-approval'])[1 + g % 4], 'bench',
           timestamptz '2025-01-01' + g * interval '1 minute', timestamptz '2025-01-01' + g * interval '1 minute' + interval '5 minutes', NULL,
           CASE WHEN g % 7 = 0 THEN 'local' END, g % 7 = 0, repeat('0', 64), 1, repeat('0', 64)
    FROM generate_series(1, $1::int) AS g`, [RUNS]);
  await db.query('ANALYZE runs');
  console.log(`\n2. ${fmt(RUNS)} runs generated in PostgreSQL in ${fmt(performance.now() - t0)} ms (generate_series)`);
  t0 = performance.now();
  for (let g = 1; g <= FILE_RUNS; g++) {
    const started = new Date(Date.UTC(2025, 0, 1) + g * 60_000);
    const runId = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(fileRoot, 'runs', `svc${g % 500}`, (g % 4096).toString(16).padStart(12, '0'), runId);
    fs.mkdirSync(dir, { recursive: true });
    const status = ['success', 'warning', 'failure', 'awaiting-approval'][g % 4];
    fs.writeFileSync(path.join(dir, 'r1.json'), JSON.stringify({ project: `svc${g % 500}`, featureSha: (g % 4096).toString(16).padStart(12, '0'), runId, revision: 1, mode: g % 3 === 0 ? 'compliance' : 'sandbox', status, initiator: 'bench', startedAt: started.toISOString(), endedAt: null, keyFingerprint: null, environment: g % 7 === 0 ? 'local' : null, serving: g % 7 === 0, pushedAt: started.toISOString(), files: [], bundleDigest: '0'.repeat(64), checkpoints: [], localLedger: { ledgerId: '', lines: 0, head: '' } }));
  }
  console.log(`   ${fmt(FILE_RUNS)} file-store records written in ${fmt(performance.now() - t0)} ms`);
  const timed = async (fn, n = 7) => {
    const xs = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    return median(xs);
  };
  const page1 = await pgStore.runs.listRuns({ limit: 50 });
  if (only('runs')) {
  const queries = {
    'first page (50)': { limit: 50 },
    'project svc42': { limit: 50, project: 'svc42' },
    'pending approvals': { limit: 50, status: 'awaiting-approval' },
    'compliance, Q2 2025': { limit: 50, mode: 'compliance', from: '2025-04-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' },
  };
  for (const [name, q] of Object.entries(queries)) {
    const pgMs = await timed(() => pgStore.runs.listRuns(q));
    const fileMs = await timed(() => fileStore.runs.listRuns(q), 1);
    console.log(`   listRuns ${name.padEnd(22)} PostgreSQL (${fmt(RUNS)}) ${fmt(pgMs, 1).padStart(7)} ms   file store (${fmt(FILE_RUNS)}) ${fmt(fileMs).padStart(7)} ms   (target ≤ 200 ms: ${pgMs <= 200 ? 'met' : 'MISSED'})`);
  }
  const page2ms = await timed(() => pgStore.runs.listRuns({ limit: 50, after: page1.next }));
  console.log(`   listRuns page 2 (keyset cursor)          PostgreSQL ${fmt(page2ms, 1).padStart(7)} ms`);
  const projectDir = path.join(work, 'cli');
  fs.mkdirSync(projectDir, { recursive: true });
  rows.push(report(`CLI runs --store --json: PostgreSQL ${fmt(RUNS)} runs vs file store ${fmt(FILE_RUNS)}`,
    { name: 'specgate runs --store (PostgreSQL)' }, { name: 'specgate runs --store (file store)' },
    pairs({ argv: [process.execPath, BIN, 'runs', '--store', cluster.url, '--json'], cwd: projectDir }, { argv: [process.execPath, BIN, 'runs', '--store', fileRoot, '--json'], cwd: projectDir }, 5)));
    // The CLI's own start-up is most of that figure: measured beside it as the floor.
    rows.push(report(`CLI runs --store --json over ${fmt(RUNS)} runs vs start-up (specgate --version)`,
      { name: 'specgate runs --store (PostgreSQL)' }, { name: 'specgate --version (start-up floor)' },
      pairs({ argv: [process.execPath, BIN, 'runs', '--store', cluster.url, '--json'], cwd: projectDir }, { argv: [process.execPath, BIN, '--version'], cwd: projectDir }, 5)));

  }

  // 3. The dashboard's /store list at RATE req/s from `specgate serve --store` as its own process.
  if (only('dashboard')) {
    const pgLoad = await loadStorePages(cluster.url, work, { rate: RATE, seconds: SECONDS, cursor: page1.next });
    // The file store reads every record per distinct page (cached for a second), so it gets fewer
    // runs and a lower rate: at RATE its scans pile up faster than they finish.
    const fileLoad = await loadStorePages(fileRoot, work, { rate: FILE_RATE, seconds: SECONDS });
    console.log(`\n3. dashboard /store run list, ${RATE} req/s for ${SECONDS} s (half /store pages, half the static floor), load ${load()}:`);
    for (const [name, r] of [[`PostgreSQL (${fmt(RUNS)} runs, ${RATE} req/s)`, pgLoad], [`file store (${fmt(FILE_RUNS)} runs, ${FILE_RATE} req/s)`, fileLoad]]) {
      console.log(`   ${name.padEnd(40)} /store p50 ${fmt(r.list.p50, 1)} ms, p99 ${fmt(r.list.p99, 1)} ms; static floor p50 ${fmt(r.floor.p50, 1)} ms, p99 ${fmt(r.floor.p99, 1)} ms; server time (Server-Timing) of /store p50 ${fmt(r.server.p50, 1)} ms, p99 ${fmt(r.server.p99, 1)} ms; achieved ${fmt(r.achieved)} req/s, errors ${r.errors}`);
    }
    console.log(`   target p99 ≤ 50 ms: ${pgLoad.list.p99 <= 50 ? 'met' : `MISSED (${fmt(pgLoad.list.p99, 1)} ms; the static floor's p99 is ${fmt(pgLoad.floor.p99, 1)} ms on this machine now)`}`);
  }

  // 4. The central chain: 1,000,000 lines inserted in batches with their chains, then verified.
  if (only('verify')) {
  t0 = performance.now();
  const head = await db.query('SELECT seq, chain FROM ledger ORDER BY seq DESC LIMIT 1');
  let seq = Number(head.rows[0]?.seq ?? 0);
  let chain = head.rows[0]?.chain ?? GENESIS_CHAIN;
  const fileLines = [];
  const existing = await db.query("SELECT text || ' | ' || chain AS l FROM ledger ORDER BY seq");
  for (const r of existing.rows) fileLines.push(r.l);
  for (let done = 0; done < LINES; ) {
    const n = Math.min(50_000, LINES - done);
    const seqs = [], texts = [], chains = [];
    for (let i = 0; i < n; i++) {
      const g = done + i;
      const text = `2026-01-01T00:00:00Z | 20260101000000 | ${(g % 4096).toString(16).padStart(12, '0')} | validate | success | spec-validation-report.json`;
      chain = chainOf(chain, text);
      seqs.push(++seq);
      texts.push(text);
      chains.push(chain);
      fileLines.push(`${text} | ${chain}`);
    }
    await db.query("INSERT INTO ledger (seq, project, text, chain) SELECT s, 'bench', t, c FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(s, t, c)", [seqs, texts, chains]);
    done += n;
  }
  console.log(`\n4. central chain: ${fmt(seq)} lines inserted in ${fmt(performance.now() - t0)} ms`);
  const fetchOnly = await timed(async () => {
    for await (const c of pgStore.runs.ledgerChunks()) void c;
  }, 3);
  const inProcess = async (options) => {
    const xs = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await verifyCentralLedger(pgStore.runs, () => performance.now(), options);
      xs.push(last.ms);
    }
    return { ms: median(xs), result: last };
  };
  const sequential = await inProcess({ parallelFromLines: Number.MAX_SAFE_INTEGER });
  const parallel = await inProcess({ parallelFromLines: 1 });
  const linesPerS = (ms) => fmt((seq / ms) * 1000);
  console.log(`   in-process, load ${load()}: one sequential pass ${fmt(sequential.ms)} ms = ${linesPerS(sequential.ms)} lines/s; ${parallel.result.ranges} parallel ranges ${fmt(parallel.ms)} ms = ${linesPerS(parallel.ms)} lines/s (ok=${parallel.result.ok})`);
  console.log(`   floor, fetching the same bytes without hashing (one COPY): ${fmt(fetchOnly)} ms`);
  // The figure that counts: the CLI end to end against sha256sum of the exported chain, as pairs.
  const exported = path.join(work, 'central.log');
  fs.writeFileSync(exported, `${fileLines.join('\n')}\n`);
  const auditDir = path.join(work, 'auditor');
  fs.mkdirSync(auditDir, { recursive: true });
  const verifyPair = pairs(
    { name: 'specgate audit verify --store', argv: [process.execPath, BIN, 'audit', 'verify', '--store', cluster.url, '--json'], cwd: auditDir },
    { name: 'sha256sum central.log (exported chain)', argv: ['sha256sum', exported] },

  );
  rows.push(report(`audit verify --store, ${fmt(seq)} lines, vs sha256sum of the export`, { name: 'specgate audit verify --store' }, { name: 'sha256sum central.log (exported chain)' }, verifyPair));
  const cliRate = (seq / verifyPair.a.wallMed) * 1000;
  console.log(`   => ${fmt(cliRate)} lines/s end to end (wall median, process start included); sha256sum ${fmt((seq / verifyPair.b.wallMed) * 1000)} lines/s; target ≥ 1,000,000 lines/s: ${cliRate >= 1e6 ? 'met' : `MISSED (${(1e6 / cliRate).toFixed(2)}× short)`}`);
  const ledgerDir = path.join(work, 'file-ledger');
  fs.mkdirSync(path.join(ledgerDir, 'audit'), { recursive: true });
  fs.renameSync(exported, path.join(ledgerDir, 'audit/checkpoints.log'));
  const fileVerify = await timed(() => verifyLedger(ledgerDir), 3);
  console.log(`   the same lines as a file ledger (verifyLedger, in-process): ${fmt(fileVerify)} ms (PostgreSQL parallel / file ratio ${(parallel.ms / fileVerify).toFixed(2)}×)`);
  }
  await db.end();
  await pgStore.close();
  await fileStore.close();
  summary(rows);
} finally {
  cluster.destroy();
  fs.rmSync(work, { recursive: true, force: true });
}
