// `specgate audit` and `specgate audit verify` through the real CLI: filters, and every kind of
// tampering caught with its line number and reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendCheckpoint, ledgerPath } from '../../src/adapters/evidence/ledger-file.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import type { LedgerStage } from '../../src/core/evidence/vocabulary.js';

const SHA = '005cc0262265';
const STAGES: LedgerStage[] = ['run', 'preflight', 'validate', 'generate', 'build', 'deploy', 'audit', 'run'];

async function project(): Promise<{ root: string; ledger: string; lines: string[] }> {
  const root = tempDir();
  const reportsDir = path.join(root, 'reports');
  for (const [i, stage] of STAGES.entries()) {
    await appendCheckpoint(reportsDir, {
      time: new Date(Date.UTC(2025, 8, 24, 14, 4, 40 + i)),
      runId: i < 4 ? '20250924140440' : '20250924140440-2',
      featureSha: SHA,
      stage,
      status: i === 0 ? 'started' : 'success',
      artifact: stage === 'preflight' ? 'spec-validation-report.json' : '-',
    });
  }
  const ledger = ledgerPath(reportsDir);
  return { root, ledger, lines: fs.readFileSync(ledger, 'utf8').split('\n').slice(0, -1) };
}

function write(file: string, lines: string[], tail = '\n'): void {
  fs.writeFileSync(file, lines.join('\n') + tail);
}

describe('specgate audit', () => {
  let p: Awaited<ReturnType<typeof project>>;
  beforeAll(async () => {
    p = await project();
  });

  it('lists checkpoints in the docs/contracts.md §4 format, filtered', async () => {
    const all = await runCli(['audit'], { cwd: p.root });
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[1]).toBe('2025-09-24T14:04:41Z | 20250924140440 | 005cc0262265 | preflight | success | spec-validation-report.json');
    const one = await runCli(['audit', '--run', '20250924140440-2', '--stage', 'deploy', '--json'], { cwd: p.root });
    expect(one.code).toBe(0);
    const json = JSON.parse(one.stdout);
    expect(json.checkpoints).toEqual([expect.objectContaining({ line: 6, stage: 'deploy', runId: '20250924140440-2', chain: p.lines[5]!.slice(-64) })]);
    const bad = await runCli(['audit', '--stage', 'lunch'], { cwd: p.root });
    expect(bad.code).toBe(2);
  });

  it('verify: exit 0 on an intact ledger', async () => {
    const ok = await runCli(['audit', 'verify'], { cwd: p.root });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok, 8 lines, chain intact');
    const json = JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: p.root })).stdout);
    expect(json).toMatchObject({ ok: true, lines: 8, headChain: p.lines[7]!.slice(-64), path: 'reports/audit/checkpoints.log' });
  });

  const cases: [string, (lines: string[]) => { lines: string[]; tail?: string }, number, string][] = [
    ['an edited field', (l) => ({ lines: l.map((x, i) => (i === 2 ? x.replace('| validate | success', '| validate | failure') : x)) }), 3, 'edited'],
    ['a deleted line', (l) => ({ lines: l.filter((_, i) => i !== 3) }), 4, 'edited'],
    ['two swapped lines', (l) => ({ lines: [...l.slice(0, 4), l[5]!, l[4]!, ...l.slice(6)] }), 5, 'reordered'],
    ['a line truncated mid-way', (l) => ({ lines: [...l.slice(0, 7), l[7]!.slice(0, 40)], tail: '' }), 8, 'torn'],
    ['a forged line with a wrong chain', (l) => ({ lines: [...l, `2025-09-24T14:05:00Z | 20250924140440-2 | ${SHA} | approval | approved | - | ${'0f'.repeat(32)}`] }), 9, 'chain-mismatch'],
  ];
  for (const [what, tamper, line, reason] of cases) {
    it(`verify: catches ${what} at line ${line}`, async () => {
      const q = await project();
      const t = tamper(q.lines);
      write(q.ledger, t.lines, t.tail ?? '\n');
      const result = await runCli(['audit', 'verify'], { cwd: q.root });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`reports/audit/checkpoints.log:${line}: error LEDGER_${reason.toUpperCase().replace('-', '_')}`);
      const json = JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: q.root })).stdout);
      expect(json).toMatchObject({ ok: false, firstBad: { line, reason } });
    });
  }
});

describe('specgate audit verify --expect-head', () => {
  it('catches whole lines cut from the end, which the chain alone cannot', async () => {
    const q = await project();
    const head = q.lines[7]!.slice(-64);
    write(q.ledger, q.lines.slice(0, 6));
    // The shorter chain is still a valid chain: without an anchor this passes (documented limit).
    expect((await runCli(['audit', 'verify'], { cwd: q.root })).code).toBe(0);
    const cut = await runCli(['audit', 'verify', '--expect-head', head], { cwd: q.root });
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('reports/audit/checkpoints.log:7: error LEDGER_TRUNCATED');
    expect((await runCli(['audit', 'verify', '--expect-head', q.lines[5]!.slice(-64)], { cwd: q.root })).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--expect-head', 'nope'], { cwd: q.root })).code).toBe(2);
  });
});

describe('specgate audit verify on a large ledger (parallel slices)', () => {
  it('verifies, and still names the first bad line exactly', async () => {
    const { ledgerLine, GENESIS_CHAIN } = await import('../../src/core/evidence/checkpoint.js');
    const root = tempDir();
    const file = path.join(root, 'reports', 'audit', 'checkpoints.log');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let prev = GENESIS_CHAIN;
    const lines: string[] = [];
    for (let i = 0; i < 70_000; i += 1) {
      const l = ledgerLine(prev, { time: new Date(Date.UTC(2025, 8, 24) + i * 1000), runId: '20250924140440', featureSha: SHA, stage: STAGES[i % STAGES.length]!, status: 'success', artifact: `artifact-${i}.json` });
      prev = l.chain;
      lines.push(l.line);
    }
    write(file, lines);
    expect(fs.statSync(file).size).toBeGreaterThan(8 << 20);
    // Worker threads start at 512 MB by default; the knob brings this 8 MB ledger onto that path.
    const env = { SPECGATE_LEDGER_PARALLEL_BYTES: String(8 << 20) };
    const ok = JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: root, env })).stdout);
    expect(JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: root })).stdout)).toMatchObject({ ok: true, lines: 70_000, headChain: prev });
    expect(ok).toMatchObject({ ok: true, lines: 70_000, headChain: prev });

    const swapped = [...lines];
    [swapped[52_000], swapped[52_001]] = [swapped[52_001]!, swapped[52_000]!];
    swapped[60_000] = swapped[60_000]!.replace('| success |', '| failure |');
    write(file, swapped);
    for (const options of [{ cwd: root, env }, { cwd: root }]) {
      const bad = await runCli(['audit', 'verify', '--json'], options);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBad: { line: 52_001, reason: 'reordered' } });
    }
  });
});
