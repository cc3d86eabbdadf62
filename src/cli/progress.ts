// Renders pipeline events three ways: a live stage list on a terminal (./progress-live.ts), one
// line per event off a terminal or in CI, and NDJSON with --json (one event object per line,
// documented in docs/pipeline.md).
import type { PipelineEvent } from '../app/pipeline/stage.js';
import type { CliContext } from './context.js';
import { seconds, statusColor, stepText, stepThrottle } from './progress-format.js';
import { liveList } from './progress-live.js';

export interface ProgressRenderer {
  readonly onEvent: (event: PipelineEvent) => void;
  readonly close: () => void;
}

/** One line per event: stable, greppable, CI-log friendly. */
export function lineFor(event: PipelineEvent, color: boolean): string | undefined {
  switch (event.type) {
    case 'run.started':
      return `run ${event.runId} · feature ${event.featureSha} · ${event.mode} · evidence in ${event.runDir}`;
    case 'stage.started':
      return `▶ ${event.stage} started`;
    case 'stage.step':
      return `  ${event.stage} › ${stepText(event)}`;
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

/** Off a terminal: every event but sub-steps, which are throttled (a new step, or one line per 30 s of the same step). */
function lines(ctx: CliContext, now: () => number): ProgressRenderer {
  const showStep = stepThrottle(now);
  return {
    onEvent: (event) => {
      if (event.type === 'stage.step' && !showStep(event)) return;
      const line = lineFor(event, ctx.color);
      if (line !== undefined) ctx.stdout(`${line}\n`);
    },
    close: () => undefined,
  };
}

export function createProgress(ctx: CliContext, mode: 'json' | 'auto', now: () => number = () => performance.now()): ProgressRenderer {
  if (mode === 'json') {
    // `time` (ISO 8601, UTC) lets a consumer of the stream see when each event happened, not when it read it.
    return { onEvent: (event) => ctx.stdout(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`), close: () => undefined };
  }
  return ctx.interactive ? liveList(ctx, lineFor) : lines(ctx, now);
}
