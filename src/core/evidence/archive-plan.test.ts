import { describe, expect, it } from 'vitest';
import { archivePath, planArchive, type ArchiveCandidate } from './archive-plan.js';
import { baseRunId, compareRunIds, isRunId, parseRunId, runIdCandidate } from './run-id.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const run = (featureSha: string, runId: string, extra: Partial<ArchiveCandidate> = {}): ArchiveCandidate => ({ featureSha, runId, running: false, isLatest: false, ...extra });

describe('run ids', () => {
  it('are the UTC second of the start, then -2, -3, …', () => {
    expect(baseRunId(new Date('2025-09-24T14:04:40.999Z'))).toBe('20250924140440');
    expect(runIdCandidate('20250924140440', 1)).toBe('20250924140440');
    expect(runIdCandidate('20250924140440', 3)).toBe('20250924140440-3');
    expect(['20250924140440-10', '20250924140440', '20250924140440-2', '20250924140439'].sort(compareRunIds)).toEqual([
      '20250924140439',
      '20250924140440',
      '20250924140440-2',
      '20250924140440-10',
    ]);
    for (const bad of ['20251324140440', '20250924140440-1', '20250924140440-0', '2025092414044', 'latest', '../x']) expect(isRunId(bad) && parseRunId(bad) !== undefined, bad).toBe(false);
  });
});

describe('archive plan', () => {
  const now = new Date('2025-10-30T00:00:00Z');

  it('keeps the newest N per feature and moves the rest to archive/<start date>/', () => {
    const runs = [run(A, '20250901000000'), run(A, '20250902000000'), run(A, '20250903000000'), run(B, '20250901000000')];
    const plan = planArchive(runs, { keep: 2, now });
    expect(plan.moves).toEqual([{ featureSha: A, runId: '20250901000000', from: `${A}/20250901000000`, to: `archive/20250901/${A}/20250901000000`, reason: 'keep' }]);
    expect(archivePath(A, '20250902000000-2')).toBe(`archive/20250902/${A}/20250902000000-2`);
  });

  it('never moves the run latest points to, nor a running one', () => {
    const runs = [run(A, '20250901000000', { isLatest: true }), run(A, '20250902000000', { running: true }), run(A, '20250903000000')];
    const plan = planArchive(runs, { keep: 1, now });
    expect(plan.moves).toEqual([]);
    expect(plan.held).toEqual([
      { featureSha: A, runId: '20250902000000', why: 'running' },
      { featureSha: A, runId: '20250901000000', why: 'latest' },
    ]);
  });

  it('also moves runs older than the age limit', () => {
    const runs = [run(A, '20250901000000'), run(A, '20251029000000')];
    expect(planArchive(runs, { keep: 10, olderThanDays: 30, now }).moves.map((m) => [m.runId, m.reason])).toEqual([['20250901000000', 'age']]);
    expect(planArchive(runs, { keep: 10, now }).moves).toEqual([]);
  });

  it('is idempotent: applying the plan leaves nothing to plan', () => {
    const runs = Array.from({ length: 7 }, (_, i) => run(A, `2025090${i + 1}000000`));
    const first = planArchive(runs, { keep: 3, now });
    const left = runs.filter((r) => !first.moves.some((m) => m.runId === r.runId));
    expect(first.moves).toHaveLength(4);
    expect(planArchive(left, { keep: 3, now }).moves).toEqual([]);
  });
});
