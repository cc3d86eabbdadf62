// The live stage list on a terminal: redrawn in place, never repeated once closed.
import { describe, expect, it } from 'vitest';
import type { CliContext } from './context.js';
import { createProgress } from './progress.js';

function terminal(): { ctx: CliContext; out: string[] } {
  const out: string[] = [];
  const ctx: CliContext = { cwd: '.', env: {}, stdout: (t) => out.push(t), stderr: () => undefined, interactive: true, color: false, signal: new AbortController().signal, version: '0.0.0', exitCode: 0 };
  return { ctx, out };
}

describe('live progress', () => {
  it('closing twice draws the list once: nothing printed after it is overwritten or repeated', () => {
    const { ctx, out } = terminal();
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
});
