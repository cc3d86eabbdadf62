// `specgate archive` through the real CLI: plan (--dry-run) then apply, never the run latest
// points to, each move a checkpoint, idempotent, retention from specgate.yaml.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/adapters/clock.js';
import { readCheckpoints, verifyLedger } from '../../src/adapters/evidence/ledger-file.js';
import { openRun, startRun } from '../../src/cli/compose-evidence.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const A = 'aaaaaaaaaaaa';

async function runs(reportsDir: string, days: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const day of days) {
    const clock = fixedClock(`2025-09-${String(day).padStart(2, '0')}T08:00:00Z`);
    const r = await startRun({ reportsDir, featureSha: A, mode: 'sandbox', initiator: 'ci', git: { commit: null, dirty: null }, toolVersion: '0.1.0', clock });
    await r.finish('success');
    ids.push(r.runId);
  }
  return ids;
}

/** A feature folder's entries but the runs index (a listing hint that every finished run appends to). */
const runFolders = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n !== '.runs-index.jsonl').sort();

describe('specgate archive', () => {
  it('moves runs beyond keep, never latest, records each move, and is idempotent', async () => {
    const root = tempDir();
    writeTree(root, { 'specgate.yaml': 'retention:\n  keep: 2\n' });
    const reportsDir = path.join(root, 'reports');
    const ids = await runs(reportsDir, [1, 2, 3, 4, 5]);
    // latest points to the oldest run: it must stay.
    await (await openRun(reportsDir, ids[0]!, fixedClock('2025-09-06T00:00:00Z'))).publishLatest();

    const dry = await runCli(['archive', '--dry-run', '--json'], { cwd: root });
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.moves.map((m: { runId: string }) => m.runId)).toEqual(['20250902080000', '20250903080000']);
    expect(plan.held).toEqual([{ featureSha: A, runId: '20250901080000', why: 'latest' }]);
    expect(runFolders(path.join(reportsDir, A))).toEqual([...ids, 'latest'].sort());

    const applied = await runCli(['archive'], { cwd: root });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`moved ${A}/20250902080000 -> archive/20250902/${A}/20250902080000 (beyond keep=2)`);
    expect(applied.stdout).toContain(`kept ${A}/20250901080000 (latest points to it)`);
    expect(fs.existsSync(path.join(reportsDir, 'archive/20250903', A, '20250903080000', 'manifest.json'))).toBe(true);
    expect(runFolders(path.join(reportsDir, A))).toEqual(['20250901080000', '20250904080000', '20250905080000', 'latest']);
    expect(fs.readlinkSync(path.join(reportsDir, A, 'latest'))).toBe('20250901080000');

    const { entries } = await readCheckpoints(reportsDir, { stage: 'archive' });
    expect(entries.map((e) => `${e.runId} ${e.status} ${e.artifact}`)).toEqual([
      `20250902080000 success archive/20250902/${A}/20250902080000`,
      `20250903080000 success archive/20250903/${A}/20250903080000`,
    ]);
    expect(await verifyLedger(reportsDir)).toMatchObject({ ok: true });

    const again = await runCli(['archive', '--json'], { cwd: root });
    expect(JSON.parse(again.stdout).moved).toEqual([]);
    expect((await readCheckpoints(reportsDir, { stage: 'archive' })).entries).toHaveLength(2);

    const flag = await runCli(['archive', '--keep', '1'], { cwd: root });
    expect(flag.stdout).toContain(`moved ${A}/20250904080000`);
    expect((await runCli(['archive', '--keep', '0'], { cwd: root })).code).toBe(2);
  });

  it('rotates by age with --older-than', async () => {
    const root = tempDir();
    const reportsDir = path.join(root, 'reports');
    await runs(reportsDir, [1, 2]);
    // Both runs are older than a day in 2026; keep=20 would keep them.
    const r = await runCli(['archive', '--older-than', '1', '--json'], { cwd: root });
    expect(JSON.parse(r.stdout).moved.map((m: { reason: string }) => m.reason)).toEqual(['age', 'age']);
  });
});
