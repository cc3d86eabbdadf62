// The PostgreSQL store under the failures the issue names, through real `specgate push` processes:
// 16 concurrent pushers × 50 runs; 30 SIGKILLs of a pusher at seeded random moments; the database
// stopped in the middle of a push. After each: the central chain verifies, no run is stored in
// part (every stored run has all its files and all its ledger lines), and every run pulls back
// into a folder `specgate verify` accepts.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { startPgCluster, type PgCluster } from '../helpers/postgres.js';
import { seededRandom } from '../helpers/seed.js';
import { testKey, writeRun, type TestKey } from '../helpers/store-runs.js';
import { parseStoreLocation } from '../../src/core/store/location.js';
import { readCheckpoints } from '../../src/adapters/evidence/ledger-file.js';
import type { OpenStore } from '../../src/app/store/open.js';
import { migrateStore, openStore } from '../../src/cli/compose-store.js';
import { pullRun } from '../../src/app/store/pull.js';
import { verifyCentralLedger } from '../../src/app/store/audit.js';
import { verifyRun } from '../../src/cli/compose-security.js';

let cluster: PgCluster;
let key: TestKey;
const clock = { now: () => new Date(), monotonicMs: () => performance.now() };

beforeAll(() => {
  cluster = startPgCluster();
  key = testKey();
});
afterAll(() => cluster.destroy());

interface Pusher {
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(): void;
  /** Resolves when stdout first shows a stored run. */
  readonly firstStored: Promise<void>;
}

function push(cwd: string, url: string): Pusher {
  const child = spawn(process.execPath, [BIN, 'push'], { cwd, env: { ...process.env, SPECGATE_STORE_URL: url, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalStored: () => void = () => undefined;
  const firstStored = new Promise<void>((resolve) => (signalStored = resolve));
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    if (/stored revision/.test(stdout)) signalStored();
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, firstStored, kill: () => child.kill('SIGKILL') };
}

/** A project folder with `runs` signed runs; returns its root. */
async function project(name: string, runs: number, baseSecond: number): Promise<string> {
  const root = tempDir(`specgate-${name}-`);
  writeTree(root, { 'specgate.yaml': `name: ${name}\n` });
  for (let i = 0; i < runs; i++) {
    await writeRun(path.join(root, 'reports'), { startedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, baseSecond + i)), key, featureSha: (i % 2 === 0 ? 'a' : 'b').repeat(12), deployTarget: i % 5 === 0 ? 'local' : undefined, shared: i % 3 === 0 ? 'shared log\n' : undefined });
  }
  return root;
}

async function freshStore(db: string, projects: readonly string[]): Promise<{ url: string; store: OpenStore }> {
  cluster.createDatabase(db);
  const url = cluster.urlOf(db);
  const location = parseStoreLocation(url, 'test', (d) => d);
  await migrateStore(location);
  const store = await openStore(location, clock);
  for (const p of projects) await store.runs.trustKey(p, key.publicKeyPem, key.fingerprint);
  return { url, store };
}

/** No run stored in part: each stored run has every file of its folder and every one of its ledger lines. */
async function assertWholeRuns(url: string, roots: ReadonlyMap<string, string>): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ project: string; feature_sha: string; run_id: string; files: string; lines: string }>(
      'SELECT r.project, r.feature_sha, r.run_id, (SELECT count(*) FROM run_files f WHERE f.run = r.id) AS files, (SELECT count(*) FROM ledger l WHERE l.run = r.id) AS lines FROM runs r',
    );
    for (const r of rows.rows) {
      const reportsDir = path.join(roots.get(r.project) as string, 'reports');
      const runDir = path.join(reportsDir, r.feature_sha, r.run_id);
      const files = (fs.readdirSync(runDir, { recursive: true }) as string[]).filter((n) => fs.statSync(path.join(runDir, n)).isFile()).length;
      const { entries } = await readCheckpoints(reportsDir, { featureSha: r.feature_sha, runId: r.run_id });
      expect({ run: `${r.project}/${r.run_id}`, files: Number(r.files), lines: Number(r.lines) }).toEqual({ run: `${r.project}/${r.run_id}`, files, lines: entries.length });
    }
    return rows.rows.length;
  } finally {
    await client.end();
  }
}

async function assertAllPullable(store: OpenStore, roots: ReadonlyMap<string, string>, expected: number): Promise<void> {
  let pulled = 0;
  for (const [projectName] of roots) {
    let after: string | undefined;
    do {
      const page = await store.runs.listRuns({ project: projectName, limit: 100, ...(after === undefined ? {} : { after }) });
      for (const r of page.runs) {
        const target = path.join(tempDir('specgate-pull-'), 'run');
        await pullRun(store, r, target);
        const verified = await verifyRun(target, key.publicKeyPem);
        expect(verified.problems).toEqual([]);
        pulled += 1;
      }
      after = page.next;
    } while (after !== undefined);
  }
  expect(pulled).toBe(expected);
}

describe('PostgreSQL store reliability (real processes)', () => {
  it('16 concurrent pushers × 50 runs: one central chain that verifies, every run pullable', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `svc${i}`);
    // One set of 50 runs copied into 16 projects: the project is part of a run's identity, and
    // writing 800 fsync'd runs would dominate the test.
    const template = await project('template', 50, 0);
    const roots = new Map<string, string>();
    for (const n of names) {
      const root = tempDir(`specgate-${n}-`);
      fs.cpSync(template, root, { recursive: true, verbatimSymlinks: true });
      fs.writeFileSync(path.join(root, 'specgate.yaml'), `name: ${n}\n`);
      roots.set(n, root);
    }
    const { url, store } = await freshStore('concurrent', names);
    try {
      const results = await Promise.all([...roots.values()].map((root) => push(root, url).done));
      for (const r of results) expect(r.stderr).toBe('');
      expect(results.map((r) => r.code)).toEqual(names.map(() => 0));
      const central = await verifyCentralLedger(store.runs, () => performance.now());
      let expectedLines = 0;
      for (const root of roots.values()) expectedLines += (await readCheckpoints(path.join(root, 'reports'))).entries.length;
      expect(central).toMatchObject({ ok: true, lines: expectedLines });
      expect(await assertWholeRuns(url, roots)).toBe(800);
      await assertAllPullable(store, roots, 800);
    } finally {
      await store.close();
    }
  }, 600_000);

  it('SIGKILL of a pusher at 30 seeded random moments never leaves a partial run or a broken chain', async () => {
    const random = seededRandom('store SIGKILL');
    const roots = new Map([['killed', await project('killed', 40, 0)]]);
    const { url, store } = await freshStore('killed', ['killed']);
    try {
      for (let i = 0; i < 30; i++) {
        const pusher = push(roots.get('killed') as string, url);
        // Node start-up takes a few hundred ms; the pushes follow. Spread the kills over both.
        const delay = 150 + Math.floor(random.next() * 1500);
        const timer = setTimeout(() => pusher.kill(), delay);
        const result = await pusher.done;
        clearTimeout(timer);
        expect(result.stderr).not.toMatch(/internal error/);
        expect((await verifyCentralLedger(store.runs, () => performance.now())).ok).toBe(true);
        await assertWholeRuns(url, roots);
      }
      const finished = await push(roots.get('killed') as string, url).done;
      expect(finished.code).toBe(0);
      expect(await assertWholeRuns(url, roots)).toBe(40);
      await assertAllPullable(store, roots, 40);
    } finally {
      await store.close();
    }
  }, 600_000);

  it('the database stopped mid-push: exit 1 with a clear error, and the retried push completes', async () => {
    const roots = new Map([['stopped', await project('stopped', 60, 0)]]);
    const { url, store } = await freshStore('stopped', ['stopped']);
    try {
      const pusher = push(roots.get('stopped') as string, url);
      await pusher.firstStored;
      cluster.stop('immediate');
      const result = await pusher.done;
      cluster.start();
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error STORE_UNAVAILABLE: .*unavailable/);
      expect(result.stderr).toMatch(/hint: nothing was half-written/);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      const retried = await push(roots.get('stopped') as string, url).done;
      expect(retried.code).toBe(0);
      expect(await assertWholeRuns(url, roots)).toBe(60);
      expect((await verifyCentralLedger(store.runs, () => performance.now())).ok).toBe(true);
      await assertAllPullable(store, roots, 60);
    } finally {
      await store.close();
    }
  }, 600_000);
});
