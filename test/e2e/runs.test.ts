// `specgate runs` through the real CLI: newest first, mode, status, duration, the latest marker,
// filters, and the reports folder taken from specgate.yaml.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/adapters/clock.js';
import { startRun } from '../../src/cli/compose-evidence.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

async function run(reportsDir: string, featureSha: string, at: string, status: 'success' | 'failure' | 'running', mode: 'sandbox' | 'compliance' = 'sandbox'): Promise<string> {
  const clock = fixedClock(at);
  const r = await startRun({ reportsDir, featureSha, mode, initiator: 'ci', git: { commit: null, dirty: null }, toolVersion: '0.1.0', clock });
  if (status === 'running') return r.runId;
  clock.advance(65_000);
  await r.finish(status);
  await r.publishLatest();
  return r.runId;
}

describe('specgate runs', () => {
  it('lists runs newest first with mode, status, duration and latest', async () => {
    const root = tempDir();
    writeTree(root, { 'specgate.yaml': 'reports: evidence\n' });
    const reportsDir = path.join(root, 'evidence');
    await run(reportsDir, A, '2025-09-01T10:00:00Z', 'success');
    await run(reportsDir, A, '2025-09-02T10:00:00Z', 'failure', 'compliance');
    await run(reportsDir, B, '2025-09-03T10:00:00Z', 'success');
    const live = await run(reportsDir, A, '2025-09-04T10:00:00Z', 'running');

    const json = await runCli(['runs', '--json'], { cwd: root });
    expect(json.code).toBe(0);
    const { runs } = JSON.parse(json.stdout);
    expect(runs.map((r: { runId: string; featureSha: string; status: string; mode: string; durationMs: number | null; isLatest: boolean }) => [r.runId, r.featureSha, r.mode, r.status, r.durationMs, r.isLatest])).toEqual([
      [live, A, 'sandbox', 'running', null, false],
      ['20250903100000', B, 'sandbox', 'success', 65_000, true],
      ['20250902100000', A, 'compliance', 'failure', 65_000, true],
      ['20250901100000', A, 'sandbox', 'success', 65_000, false],
    ]);

    expect(runs[0].orphaned).toBe(false); // started by this (live) test process
    const text = await runCli(['runs'], { cwd: root });
    expect(text.stdout.split('\n')[0]).toMatch(/^ {2}RUN\s+FEATURE\s+MODE\s+STATUS\s+DURATION\s+STARTED$/);
    expect(text.stdout).toMatch(/\* 20250902100000\s+a{12}\s+compliance\s+failure\s+1m05s/);

    // Plain `runs` and `runs --json` are answered by the start-up fast path (no commander); `-C .`
    // forces the full CLI: both print the same bytes.
    for (const args of [['runs'], ['runs', '--json']]) {
      const full = await runCli(['-C', '.', ...args], { cwd: root });
      expect(full.stdout).toBe((args.length === 1 ? text : json).stdout);
    }

    const filtered = JSON.parse((await runCli(['runs', '--feature', A, '--status', 'success', '--json'], { cwd: root })).stdout);
    expect(filtered.runs.map((r: { runId: string }) => r.runId)).toEqual(['20250901100000']);
  });

  it('says so when there are no runs, and rejects a bad --feature or --status', async () => {
    const root = tempDir();
    expect((await runCli(['runs'], { cwd: root })).stdout).toContain('no runs under');
    expect((await runCli(['runs', '--feature', 'XYZ'], { cwd: root })).code).toBe(2);
    expect((await runCli(['runs', '--status', 'great'], { cwd: root })).code).toBe(2);
  });
});
