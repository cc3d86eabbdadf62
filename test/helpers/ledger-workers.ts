// Shared by the ledger e2e files (ledger-concurrency, ledger-kill-*): real writer processes
// (test/fixtures/evidence/*-worker.mjs) and the check that every run folder is whole after kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';
import { readCheckpoints, verifyLedger, ledgerPath } from '../../src/adapters/evidence/ledger-file.js';
import { readManifest } from '../../src/adapters/evidence/run-store.js';
import { readLatest } from '../../src/adapters/evidence/latest-link.js';
import { startRun } from '../../src/cli/compose-evidence.js';
import { REPO_ROOT } from './cli.js';
import type { SeededRandom } from './seed.js';
import { tempDir } from './tmp.js';
// @ts-expect-error plain .mjs fixture shared with the worker process
import { contentFor } from '../fixtures/evidence/content.mjs';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/evidence');
const SHA = 'c0ffee000042';

export interface Worker {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

export function startWorker(script: string, args: string[], env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [path.join(FIXTURES, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      if (line === 'ready') onReady();
      else lines.push(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve() : reject(new Error(`${script} exited ${code} ${signal}: ${stderr}`)))),
  );
  return { child, lines, ready, exited };
}

// Not a wait for a condition: the kill moment itself is the random input, drawn from a printed seed.
const killAfter = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `rounds` rounds of five writers at once (three doing whole runs, two appending checkpoints), each
 * SIGKILLed at a random moment from `random`; after every round the next run recovers and the
 * ledger, every acknowledged append and every run folder are checked.
 */
export async function survivesKills(random: SeededRandom, rounds: number): Promise<void> {
  const reportsDir = path.join(tempDir(), 'reports');
  const appended: string[] = [];
  const finishedRuns = new Set<string>();
  let kills = 0;
  let tornSeen = 0;
  for (let round = 0; round < rounds; round += 1) {
    // Five writers at once: three doing whole runs, two appending checkpoints.
    const workers = [
      startWorker('run-worker.mjs', [reportsDir, SHA]),
      startWorker('run-worker.mjs', [reportsDir, SHA]),
      startWorker('run-worker.mjs', [reportsDir, SHA]),
      startWorker('append-worker.mjs', [reportsDir, '-1', String(round)]),
      startWorker('append-worker.mjs', [reportsDir, '-1', String(round + 100)]),
    ];
    await Promise.all(workers.map((w) => w.ready));
    await Promise.all(
      workers.map(async (w) => {
        await killAfter(random.next() * 250);
        w.child.kill('SIGKILL');
        await w.exited;
        kills += 1;
      }),
    );
    for (const w of workers) {
      for (const line of w.lines) {
        if (line.startsWith('ok ')) appended.push(line.slice(3));
        if (line.startsWith('done ')) finishedRuns.add(line.slice(5));
      }
    }
    const before = await verifyLedger(reportsDir);
    if (!before.ok) {
      // The only damage a kill may leave is a torn last line, never silently accepted.
      expect(before.firstBad?.reason).toBe('torn');
      tornSeen += 1;
    }

    // The next run recovers: closes interrupted runs, quarantines a torn tail, and verifies.
    const next = await startRun({ reportsDir, featureSha: SHA, mode: 'sandbox', initiator: 'test', git: { commit: null, dirty: null }, toolVersion: 't', clock: systemClock });
    await next.finish('success');
    await next.publishLatest();
    finishedRuns.add(next.runId);

    const after = await verifyLedger(reportsDir);
    expect(after, `${JSON.stringify(after.firstBad)} (seed ${random.seed})`).toMatchObject({ ok: true });
    const chains = new Set(fs.readFileSync(ledgerPath(reportsDir), 'utf8').split('\n').map((l) => l.slice(-64)));
    for (const c of appended) expect(chains.has(c)).toBe(true);
    await checkRunFolders(reportsDir, finishedRuns);
  }
  expect(kills).toBe(5 * rounds);
  const { entries } = await readCheckpoints(reportsDir, { stage: 'run' });
  // Runs that were killed mid-way were closed as interrupted by the next run.
  expect(entries.some((e) => e.status === 'interrupted')).toBe(true);
  console.log(`kill test (seed ${random.seed}): ${finishedRuns.size} runs finished, ${entries.filter((e) => e.status === 'interrupted').length} closed as interrupted, torn tails seen ${tornSeen}`);
}

async function checkRunFolders(reportsDir: string, finishedRuns: ReadonlySet<string>): Promise<void> {
  const featureDir = path.join(reportsDir, SHA);
  const latest = await readLatest(reportsDir, SHA);
  expect(latest).toBeDefined();
  const latestManifest = await readManifest(path.join(featureDir, latest!));
  expect(latestManifest.status).not.toBe('running');
  expect(latestManifest.endedAt).not.toBeNull();
  for (const runId of fs.readdirSync(featureDir).filter((n) => /^\d{14}/.test(n))) {
    const runDir = path.join(featureDir, runId);
    const names = fs.readdirSync(runDir, { recursive: true, encoding: 'utf8' });
    // No temp file of a killed writer is left behind once recovered.
    expect(names.filter((n) => path.basename(n).startsWith('.')), runDir).toEqual([]);
    const manifest = await readManifest(runDir);
    expect(manifest.status, runDir).not.toBe('running');
    if (finishedRuns.has(runId)) expect(['success'], runId).toContain(manifest.status);
    for (const a of manifest.artifacts) {
      const bytes = fs.readFileSync(path.join(runDir, a.path));
      expect(createHash('sha256').update(bytes).digest('hex'), a.path).toBe(a.sha256);
      expect(bytes.length).toBe(a.size);
    }
    // Every file present is whole, whether or not the manifest got to list it.
    for (const name of names) {
      const full = path.join(runDir, name);
      if (name === 'manifest.json' || fs.statSync(full).isDirectory()) continue;
      expect(fs.readFileSync(full, 'utf8') === (contentFor as (r: string, n: string) => string)(runId, name), `${runId}/${name} is half-written`).toBe(true);
    }
  }
}
