// The progress renderers: the live stage list on a terminal (redrawn in place, never repeated once
// closed, sub-steps inside the running row, rows cut to the width) and the CI lines (sub-steps
// throttled, never one line per scenario).
import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../app/pipeline/stage.js';
import type { CliContext } from './context.js';
import { fitColumns, stepText } from './progress-format.js';
import { createProgress } from './progress.js';

function output(interactive: boolean, columns?: number): { ctx: CliContext; out: string[] } {
  const out: string[] = [];
  const ctx: CliContext = {
    cwd: '.', env: {}, stdout: (t) => out.push(t), stderr: () => undefined, interactive, color: false,
    ...(columns === undefined ? {} : { columns: () => columns }),
    signal: new AbortController().signal, version: '0.0.0', exitCode: 0,
  };
  return { ctx, out };
}

const step = (s: string, extra: Partial<Extract<PipelineEvent, { type: 'stage.step' }>> = {}): PipelineEvent => ({ type: 'stage.step', stage: 'validate', step: s, ...extra });
const scenario = (current: number, total: number): PipelineEvent => step('scenarios', { current, total, detail: `scenario number ${current}` });

describe('live progress', () => {
  it('closing twice draws the list once: nothing printed after it is overwritten or repeated', () => {
    const { ctx, out } = output(true);
    const progress = createProgress(ctx, 'auto');
    progress.onEvent({ type: 'stage.started', stage: 'preflight' });
    progress.onEvent({ type: 'stage.finished', stage: 'preflight', status: 'success', durationMs: 1200, summary: 'ok' });
    progress.close();
    const drawn = out.length;
    ctx.stdout('Evidence: reports/x\n');
    progress.close();
    progress.onEvent({ type: 'stage.started', stage: 'validate' });
    expect(out.length).toBe(drawn + 1);
    expect(out.join('')).not.toMatch(/\x1b\[\d+m/); // color: false means no colour codes, even on a terminal
    expect(out.at(-2)).toContain('preflight success 1.2s ok');
  });

  it('shows the running sub-step inside the validate row, never as a line above the list', () => {
    const { ctx, out } = output(true);
    const progress = createProgress(ctx, 'auto');
    progress.onEvent({ type: 'stage.started', stage: 'validate' });
    progress.onEvent(step('lint', { detail: 'npm run lint' }));
    expect(out.at(-1)).toMatch(/validate {2}running \d+\.\ds › lint: npm run lint\n/);
    progress.onEvent(scenario(3, 20));
    const frame = out.at(-1)!;
    expect(frame).toMatch(/validate {2}running \d+\.\ds › scenario 3\/20: scenario number 3\n/);
    // The redraw moves up over the six rows and prints exactly six again: nothing scrolled above.
    expect(frame.startsWith('\x1b[6A\x1b[0J')).toBe(true);
    expect(frame.slice('\x1b[6A\x1b[0J'.length).trimEnd().split('\n')).toHaveLength(6);
    progress.onEvent({ type: 'stage.finished', stage: 'validate', status: 'success', durationMs: 2000, summary: 'all gates passed' });
    progress.close();
    expect(out.at(-1)).toContain('validate  success 2.0s all gates passed\n');
    expect(out.at(-1)).not.toContain('scenario 3/20');
  });

  it('cuts every row to the terminal width, so a long scenario name cannot wrap and leave copies of rows behind', () => {
    const { ctx, out } = output(true, 60);
    const progress = createProgress(ctx, 'auto');
    progress.onEvent({ type: 'stage.started', stage: 'validate' });
    progress.onEvent(step('scenarios', { current: 1, total: 2, detail: '長い名前のシナリオ that goes on and on' }));
    progress.close();
    const rows = out.at(-1)!.replace(/^\x1b\[\d+A\x1b\[0J/, '').trimEnd().split('\n');
    expect(rows.find((r) => r.includes('validate'))).toMatch(/› scenario 1\/2: 長い名前のシナリ…$/);
    // The last column stays free (some terminals wrap on it); the Japanese characters take two each.
    const columns = (row: string): number => [...row].reduce((n, c) => n + (/[\u3040-\u30ff\u4e00-\u9fff]/.test(c) ? 2 : 1), 0);
    for (const row of rows) expect(columns(row), row).toBeLessThanOrEqual(59);
  });

  it('fitColumns counts wide characters as two columns and keeps text that fits', () => {
    expect(fitColumns('abcd', 4)).toBe('abcd');
    expect(fitColumns('abcde', 4)).toBe('abc…');
    expect(fitColumns('ab長い', 4)).toBe('ab…');
    expect(fitColumns('a長', 3)).toBe('a長');
  });
});

describe('CI lines (not a terminal)', () => {
  it('prints a line when validate moves to another step, and at most one per 30 s while scenarios run', () => {
    const { ctx, out } = output(false);
    let now = 0;
    const progress = createProgress(ctx, 'auto', () => now);
    progress.onEvent(step('lint', { detail: 'npm run lint' }));
    progress.onEvent(step('test', { detail: 'npm test' }));
    progress.onEvent(step('scenarios', { detail: '3 feature file(s)' }));
    for (let i = 1; i <= 100; i += 1) {
      now += 1000;
      progress.onEvent(scenario(i, 100));
    }
    expect(out).toEqual([
      '  validate › lint: npm run lint\n',
      '  validate › test: npm test\n',
      '  validate › scenarios: 3 feature file(s)\n',
      '  validate › scenario 30/100: scenario number 30\n',
      '  validate › scenario 60/100: scenario number 60\n',
      '  validate › scenario 90/100: scenario number 90\n',
    ]);
  });

  it('--json prints every sub-step event as it is, with its time', () => {
    const { ctx, out } = output(false);
    const progress = createProgress(ctx, 'json');
    for (let i = 1; i <= 3; i += 1) progress.onEvent(scenario(i, 3));
    expect(out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([1, 2, 3].map((i) => ({ ...scenario(i, 3), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })));
  });

  it('stepText names the step, the item x of y and the detail', () => {
    expect(stepText({ type: 'stage.step', stage: 'validate', step: 'sast' })).toBe('sast');
    expect(stepText({ type: 'stage.step', stage: 'validate', step: 'scenarios', current: 2, total: 5, detail: 'pays' })).toBe('scenario 2/5: pays');
  });
});
