// The live stage list on a terminal: the six stages with status and elapsed time, the running
// stage's sub-step beside it ("scenario 3/20: Ping answers"), redrawn in place. Other events scroll
// above the list. Each row is cut to the terminal's width: a wrapped row would make the redraw
// move up too few lines and leave copies of rows behind.
import type { PipelineEvent } from '../app/pipeline/stage.js';
import { STAGE_NAMES, type StageName } from '../core/evidence/vocabulary.js';
import type { CliContext } from './context.js';
import { colors, fitColumns, seconds, statusColor, stepText } from './progress-format.js';
import type { ProgressRenderer } from './progress.js';

interface Row {
  status: string;
  started?: number;
  durationMs?: number;
  /** Finished: the stage's summary; running: what it is doing now. */
  note?: string;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A stage's row, plain text first so it can be cut to the width, then coloured piece by piece. */
function rowText(ctx: CliContext, name: StageName, row: Row, frame: number): string {
  const pc = colors(ctx.color);
  const elapsed = row.durationMs ?? (row.started === undefined ? undefined : performance.now() - row.started);
  const icon = row.status === 'running' ? FRAMES[frame % FRAMES.length]! : row.status === 'pending' ? '·' : '■';
  const head = `${icon} ${name.padEnd(9)} ${row.status}${elapsed === undefined ? '' : ` ${seconds(elapsed)}`}`;
  const width = ctx.columns?.() ?? 80;
  const note = row.note ? fitColumns(` ${row.status === 'running' ? '› ' : ''}${row.note}`, Math.max(0, width - head.length - 1)) : '';
  const iconColored = row.status === 'running' ? pc.cyan(icon) : row.status === 'pending' ? pc.dim(icon) : icon;
  const time = elapsed === undefined ? '' : pc.dim(` ${seconds(elapsed)}`);
  return `${iconColored} ${name.padEnd(9)} ${statusColor(row.status, ctx.color)}${time}${note === '' ? '' : pc.dim(note)}`;
}

function apply(rows: Map<StageName, Row>, event: PipelineEvent): void {
  if (event.type === 'stage.started') rows.set(event.stage, { status: 'running', started: performance.now() });
  if (event.type === 'stage.step' && rows.get(event.stage)?.status === 'running') rows.get(event.stage)!.note = stepText(event);
  if (event.type === 'stage.finished') {
    rows.set(event.stage, { status: event.status, durationMs: event.durationMs, note: `${event.resumed === true ? '(earlier job) ' : ''}${event.summary}` });
  }
}

/** Events that only change a row; everything else is printed once above the list. */
const ROW_EVENTS = new Set<PipelineEvent['type']>(['stage.started', 'stage.step', 'stage.finished']);

export function liveList(ctx: CliContext, lineFor: (event: PipelineEvent, color: boolean) => string | undefined): ProgressRenderer {
  const rows = new Map<StageName, Row>(STAGE_NAMES.map((name) => [name, { status: 'pending' }]));
  let drawn = 0;
  let closed = false;
  let frame = 0;
  const draw = (above: string[] = []): void => {
    let out = drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : '';
    for (const line of above) out += `${line}\n`;
    const texts = STAGE_NAMES.map((name) => rowText(ctx, name, rows.get(name)!, frame));
    out += `${texts.join('\n')}\n`;
    drawn = texts.length;
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
      apply(rows, event);
      draw(ROW_EVENTS.has(event.type) ? [] : [lineFor(event, ctx.color) ?? '']);
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
