// Pieces both progress renderers share: durations, status colours, the text of a stage's sub-step
// ("lint: npm run lint", "scenario 3/20: Ping answers"), the CI-log throttle for sub-steps, and
// cutting a live row to the terminal's width (a row that wraps cannot be redrawn in place).
import picocolors from 'picocolors';
import type { PipelineEvent } from '../app/pipeline/stage.js';
import type { StageName } from '../core/evidence/vocabulary.js';

export type StepEvent = Extract<PipelineEvent, { type: 'stage.step' }>;

/** picocolors decides from the process at import; the CLI decides once (NO_COLOR, FORCE_COLOR, a terminal) in ctx.color. */
export const colors = (on: boolean): ReturnType<typeof picocolors.createColors> => picocolors.createColors(on);

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

const STATUS_COLOR: Readonly<Record<string, 'green' | 'yellow' | 'red'>> = { success: 'green', warning: 'yellow', failure: 'red', blocked: 'red' };

export function statusColor(status: string, color: boolean): string {
  if (!color) return status;
  const pc = colors(color);
  const name = STATUS_COLOR[status];
  return name === undefined ? pc.dim(status) : pc[name](status);
}

/** What a stage is doing now, in words: `lint: npm run lint`, `scenario 3/20: Ping answers`, `sast`. */
export function stepText(event: StepEvent): string {
  const item = event.step === 'scenarios' ? 'scenario' : event.step;
  const head = event.current !== undefined && event.total !== undefined ? `${item} ${event.current}/${event.total}` : event.step;
  return event.detail === undefined || event.detail === '' ? head : `${head}: ${event.detail}`;
}

/**
 * Off a terminal, sub-steps must not flood a CI log (a suite of 2,000 scenarios): a line when a
 * stage moves to another step, and while one step lasts, at most one every `everyMs`.
 */
export function stepThrottle(now: () => number, everyMs = 30_000): (event: StepEvent) => boolean {
  const last = new Map<StageName, { step: string; at: number }>();
  return (event) => {
    const before = last.get(event.stage);
    const at = now();
    if (before !== undefined && before.step === event.step && at - before.at < everyMs) return false;
    last.set(event.stage, { step: event.step, at });
    return true;
  };
}

/** Terminal columns a code point takes: 2 for East Asian wide and emoji ranges, else 1. */
function columnsOf(codePoint: number): number {
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** `text` (no colour codes) cut to at most `width` terminal columns, with `…` when cut. */
export function fitColumns(text: string, width: number): string {
  let used = 0;
  let out = '';
  const chars = [...text];
  for (const [i, char] of chars.entries()) {
    const w = columnsOf(char.codePointAt(0) ?? 0);
    const room = i === chars.length - 1 ? width : width - 1;
    if (used + w > room) return `${out}…`;
    used += w;
    out += char;
  }
  return out;
}
