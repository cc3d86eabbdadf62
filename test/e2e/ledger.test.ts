// The ledger under real concurrency and real crashes: separate node processes append at once, and
// writers are SIGKILLed at random moments; afterwards the ledger verifies, nothing that was
// reported written is lost, no run folder holds a half-written file, and `latest` never points to
// an unfinished run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock.js';
import { readCheckpoints, verifyLedger, ledgerPath } from '../../src/adapters/evidence/ledger-file.js';
import { readManifest } from '../../src/adapters/evidence/run-store.js';
import { readLatest } from '../../src/adapters/evidence/latest-link.js';
import { startRun } from '../../src/app/evidence/run-recorder.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { seededRandom } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';
// @ts-expect-error plain .mjs fixture shared with the worker process
import { contentFor } from '../fixtures/evidence/content.mjs';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/evidence');
const SHA = 'c0ffee000042';

interface Worker {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

function startWorker(script: string, args: string[], env: Record<string, string> = {}): Worker {
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

describe('ledger under concurrency', () => {
  it('20 processes × 500 appends: 10,000 whole lines, chain intact', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const workers = Array.from({ length: 20 }, (_, i) => startWorker('append-worker.mjs', [reportsDir, '500', String(i)]));
    await Promise.all(workers.map((w) => w.exited));
    const result = await verifyLedger(reportsDir);
    expect(result).toMatchObject({ ok: true, lines: 10_000 });
    const text = fs.readFileSync(ledgerPath(reportsDir), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    // Every append each worker saw succeed is there, in that worker's order.
    const chains = lines.map((l) => l.slice(-64));
    for (const w of workers) {
      const reported = w.lines.map((l) => l.slice(3));
      expect(reported).toHaveLength(500);
      const positions = reported.map((c) => chains.indexOf(c));
      expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    }
    const { entries } = await readCheckpoints(reportsDir, { featureSha: '030000000000' });
    expect(entries).toHaveLength(500);
  }, 240_000);
});

describe('ledger and runs under SIGKILL', () => {
  it('survives 50 kills at random moments', async () => {
    const random = seededRandom('ledger kill test');
    const reportsDir = path.join(tempDir(), 'reports');
    const appended: string[] = [];
    const finishedRuns = new Set<string>();
    let kills = 0;
    let tornSeen = 0;
    for (let round = 0; round < 10; round += 1) {
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
    expect(kills).toBe(50);
    const { entries } = await readCheckpoints(reportsDir, { stage: 'run' });
    // Runs that were killed mid-way were closed as interrupted by the next run.
    expect(entries.some((e) => e.status === 'interrupted')).toBe(true);
    console.log(`kill test: ${finishedRuns.size} runs finished, ${entries.filter((e) => e.status === 'interrupted').length} closed as interrupted, torn tails seen ${tornSeen}`);
  }, 240_000);
});

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
