#!/usr/bin/env node
// How long the report and the dashboard's ledger page take to read a large ledger: the whole chain
// is verified, then only the selected checkpoints are parsed (one run; the newest 10,000). Baseline:
// parsing every line into a checkpoint, as a naive reader would.
// Usage: npm run build && node bench/dashboard/ledger.mjs [--lines 1000000]
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const i = process.argv.indexOf('--lines');
const LINES = i < 0 ? 1_000_000 : Number(process.argv[i + 1]);
const ev = await import(path.join(root, 'dist/core/evidence/index.js'));
const { readLedger } = await import(path.join(root, 'dist/app/report/evidence-port.js'));

let prev = ev.GENESIS_CHAIN;
const parts = [];
const t0 = Date.UTC(2025, 0, 1);
for (let n = 0; n < LINES; n += 1) {
  const l = ev.ledgerLine(prev, { time: new Date(t0 + n * 1000), runId: ev.baseRunId(new Date(t0 + Math.floor(n / 10) * 10_000)), featureSha: 'abcdefabcdef', stage: 'run', status: 'success', artifact: 'manifest.json' });
  prev = l.chain;
  parts.push(`${l.line}\n`);
}
const bytes = Buffer.from(parts.join(''));
const time = (fn) => {
  const s = performance.now();
  const r = fn();
  return [performance.now() - s, r];
};
const [naive] = time(() => bytes.toString('utf8').split('\n').map((l, n) => ev.parseLedgerLine(l, n + 1)).filter(Boolean).length);
const [oneRun, r1] = time(() => readLedger(bytes, { runId: ev.baseRunId(new Date(t0 + 50_000 * 1000)) }));
const [tail, r2] = time(() => readLedger(bytes, { tail: 10_000 }));
process.stdout.write(`ledger: ${LINES} lines, ${(bytes.length / 1e6).toFixed(0)} MB\n`);
process.stdout.write(`baseline, parse every line: ${(naive / 1000).toFixed(2)} s\n`);
process.stdout.write(`report (verify chain + one run's ${r1.checkpoints.length} checkpoints): ${(oneRun / 1000).toFixed(2)} s (${(naive / oneRun).toFixed(1)}× faster)\n`);
process.stdout.write(`ledger page (verify chain + newest ${r2.checkpoints.length}): ${(tail / 1000).toFixed(2)} s (${(naive / tail).toFixed(1)}× faster)\n`);
