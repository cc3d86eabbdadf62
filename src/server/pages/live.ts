// A run still in progress: the stage running now, how long it has been running, and a log tail
// that app.js keeps current from /events?watch=tail:<sha>/<run> (server-sent events).
import type { ExecutiveReport } from '../../core/report/model.js';
import { esc, formatDuration } from '../../core/report/format.js';
import { STAGE_NAMES as ORDER } from '../../core/evidence/vocabulary.js';
import { logLoginNote } from './cause.js';

/** The stage after the last recorded one: the runner records a stage when it ends. */
export function runningStage(report: ExecutiveReport): string | undefined {
  const done = new Set(report.stages.map((s) => s.name));
  return ORDER.find((name) => !done.has(name));
}

/** `login` set: the viewer has not logged in, so the log tail is not streamed (logs can hold secrets). */
export function liveSection(report: ExecutiveReport, featureSha: string, runId: string, now: Date, startedAt: string | undefined, lastEnd: string | undefined, login?: string): string {
  if (report.overview.runStatus !== 'running') return '';
  const stage = runningStage(report) ?? 'finishing';
  const since = Date.parse(lastEnd ?? startedAt ?? '');
  const runStart = Date.parse(startedAt ?? '');
  const elapsed = (t: number) => (Number.isFinite(t) ? formatDuration(Math.max(0, now.getTime() - t)) : 'unknown');
  return `<section class="live" aria-labelledby="live-h"><h2 id="live-h">Running now: ${esc(stage)}</h2>
<p>Stage <b>${esc(stage)}</b> running for <span data-since="${Number.isFinite(since) ? since : ''}">${esc(elapsed(since))}</span> · run elapsed ${esc(elapsed(runStart))} · ${report.stages.length} of ${ORDER.length} stages finished. This page updates by itself.</p>
<h3>Log tail</h3>${login !== undefined ? logLoginNote(login, 'The live log') : `<pre class="tail" id="live-log" tabindex="0" aria-live="polite" aria-label="live log tail" data-tail="${esc(`${featureSha}/${runId}`)}">waiting for output…</pre>`}</section>`;
}
