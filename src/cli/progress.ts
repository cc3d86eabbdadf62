// Renders pipeline events three ways: a live stage list on a terminal, one line per event off a
// terminal or in CI, and NDJSON with --json (one event object per line, documented in the README).
import picocolors from 'picocolors';
import type { PipelineEvent } from '../app/pipeline/stage.js';
import type { CliContext } from './context.js';
import { STAGE_NAMES, type StageName } from '../core/evidence/vocabulary.js';

export interface ProgressRenderer {
  readonly onEvent: (event: PipelineEvent) => void;
  readonly close: () => void;
}

/** picocolors decides from the process at import; the CLI decides once (NO_COLOR, FORCE_COLOR, a terminal) in ctx.color. */
const colors = (on: boolean): ReturnType<typeof picocolors.createColors> => picocolors.createColors(on);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function statusColor(status: string, color: boolean): string {
  if (!color) return status;
  const pc = colors(color);
  switch (status) {
    case 'success':
      return pc.green(status);
    case 'warning':
      return pc.yellow(status);
    case 'failure':
    case 'blocked':
      return pc.red(status);
    default:
      return pc.dim(status);
  }
}

/** One line per event: stable, greppable, CI-log friendly. */
function lineFor(event: PipelineEvent, color: boolean): string | undefined {
  switch (event.type) {
    case 'run.started':
      return `run ${event.runId} · feature ${event.featureSha} · ${event.mode} · evidence in ${event.runDir}`;
    case 'stage.started':
      return `▶ ${event.stage} started`;
    case 'stage.finished':
      return `■ ${event.stage} ${statusColor(event.status, color)} (${seconds(event.durationMs)}) ${event.summary}${event.resumed === true ? ' [recorded before this --resume]' : ''}`;
    case 'finding':
      return `  ${event.text}`;
    case 'gate':
      return `  gate ${event.decision.gate}: ${event.decision.outcome} — ${event.decision.reason}`;
    case 'log':
      return `  ${event.stage}: ${event.message}`;
    case 'run.finished':
      return `run ${event.runId} ${statusColor(event.status, color)} (exit ${event.exitCode})`;
  }
}

export function createProgress(ctx: CliContext, mode: 'json' | 'auto'): ProgressRenderer {
  if (mode === 'json') {
    // `time` (ISO 8601, UTC) lets a consumer of the stream see when each event happened, not when it read it.
    return { onEvent: (event) => ctx.stdout(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`), close: () => undefined };
  }
  if (!ctx.interactive) {
    return {
      onEvent: (event) => {
        const line = lineFor(event, ctx.color);
        if (line !== undefined) ctx.stdout(`${line}\n`);
      },
      close: () => undefined,
    };
  }
  return liveList(ctx);
}

/** A redrawn list of the six stages with status and elapsed time; other events scroll above it. */
function liveList(ctx: CliContext): ProgressRenderer {
  const state = new Map<StageName, { status: string; started?: number; durationMs?: number; summary?: string }>();
  for (const name of STAGE_NAMES) state.set(name, { status: 'pending' });
  let drawn = 0;
  let closed = false;
  const pc = colors(ctx.color);
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const draw = (above: string[] = []): void => {
    let out = drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : '';
    for (const line of above) out += `${line}\n`;
    const rows = STAGE_NAMES.map((name) => {
      const s = state.get(name)!;
      const elapsed = s.durationMs ?? (s.started === undefined ? undefined : performance.now() - s.started);
      const icon = s.status === 'running' ? pc.cyan(frames[frame % frames.length]) : s.status === 'pending' ? pc.dim('·') : '■';
      const time = elapsed === undefined ? '' : pc.dim(` ${seconds(elapsed)}`);
      const summary = s.summary ? pc.dim(` ${s.summary.slice(0, 80)}`) : '';
      return `${icon} ${name.padEnd(9)} ${statusColor(s.status, ctx.color)}${time}${summary}`;
    });
    out += `${rows.join('\n')}\n`;
    drawn = rows.length;
    ctx.stdout(out);
  };
  const timer = setInterval(() => {
    frame += 1;
    draw();
  }, 100);
  timer.unref();
  return {
    onEvent: (event) => {
      if (closed) return;
      if (event.type === 'stage.started') state.set(event.stage, { status: 'running', started: performance.now() });
      if (event.type === 'stage.finished') state.set(event.stage, { status: event.status, durationMs: event.durationMs, summary: `${event.resumed === true ? '(earlier job) ' : ''}${event.summary}` });
      const above = event.type === 'stage.started' || event.type === 'stage.finished' ? [] : [lineFor(event, ctx.color) ?? ''];
      draw(above);
    },
    // Callers close in both the success path and a finally: a second redraw would move the cursor up
    // over whatever was printed after the list (the evidence path, the next command) and repeat rows.
    close: () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      draw();
    },
  };
}
