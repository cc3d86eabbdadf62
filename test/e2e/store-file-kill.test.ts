// The file store under real SIGKILLs: `specgate push` processes killed at seeded random moments
// while they push (SPECGATE_TEST_SEED replays). After every kill no run is listed without all its
// ledger lines; the final push finishes what was interrupted, lists every run once, appends no
// line twice, and leaves a chain that verifies. The crash points one by one: file-push-journal.test.ts.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { seededRandom } from '../helpers/seed.js';
import { testKey, writeRun } from '../helpers/store-runs.js';
import { FileRunStore } from '../../src/adapters/store/file-run-store.js';
import { verifyLedger } from '../../src/adapters/evidence/ledger-file.js';

const KILLS = 5;
/** New runs before each round, so every round has pushes under way when the kill lands. */
const PER_ROUND = 3;
const RUNS = KILLS * PER_ROUND + 2;

function push(cwd: string, store: string, killAfterStoredMs: number | undefined): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'push'], { cwd, env: { ...process.env, SPECGATE_STORE_URL: `file:${store}`, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let armed = false;
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    if (killAfterStoredMs !== undefined && !armed && /stored revision/.test(c)) {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), killAfterStoredMs);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

function ledgerTexts(store: string): string[] {
  const file = path.join(store, 'audit/checkpoints.log');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  // Whole lines only: a killed writer may have left a torn tail, which the next push quarantines.
  return text.split('\n').slice(0, -1).map((l) => l.slice(0, -67));
}

/** Every listed run has each of its checkpoint lines in the ledger; returns the runs listed. */
async function assertListedRunsWhole(store: string): Promise<number> {
  const texts = new Set(ledgerTexts(store));
  const runs = new FileRunStore(store, () => new Date());
  const listed = (await runs.listRuns({ limit: 100 })).runs;
  const pushed = await runs.pushedCheckpoints('killed');
  for (const r of listed) {
    const mine = pushed.filter((c) => c.text.includes(` | ${r.runId} | `));
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) expect(texts.has(c.text)).toBe(true);
  }
  return listed.length;
}

describe('file store: SIGKILLed pushers', () => {
  it(`${KILLS} pushers killed at seeded random moments leave no partial run; the next push finishes and appends nothing twice`, async () => {
    const random = seededRandom('file store SIGKILL');
    const key = testKey();
    const root = tempDir('specgate-killed-');
    const store = tempDir('specgate-file-store-');
    writeTree(root, { 'specgate.yaml': 'name: killed\n', 'keys/specgate.pub': key.publicKeyPem });
    let written = 0;
    const writeRuns = async (n: number): Promise<void> => {
      for (const end = written + n; written < end; written++) await writeRun(path.join(root, 'reports'), { startedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, written)), key, featureSha: 'c'.repeat(12) });
    };
    await new FileRunStore(store, () => new Date()).trustKey('killed', key.publicKeyPem, key.fingerprint);
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      await writeRuns(PER_ROUND);
      // Killed 0–100 ms after its first stored run, while the round's other runs are being pushed.
      const result = await push(root, store, Math.floor(random.next() * 100));
      if (result.code === null) killed += 1;
      expect(result.stderr).not.toMatch(/internal error/);
      await assertListedRunsWhole(store);
    }
    expect(killed).toBeGreaterThan(0); // the kills landed while pushes were under way
    await writeRuns(RUNS - written);
    const finished = await push(root, store, undefined);
    expect(finished.code).toBe(0);
    expect(await assertListedRunsWhole(store)).toBe(RUNS);
    const texts = ledgerTexts(store).filter((t) => !/ \| ledger \| warning \| /.test(t));
    expect(new Set(texts).size).toBe(texts.length);
    expect((await verifyLedger(store)).ok).toBe(true);
  }, 300_000);
});
