// The local `specgate runs` listing, shared by the command (commands/runs.ts) and the start-up
// fast path (fast.ts), which answers plain `runs` and `runs --json` without loading commander.
import type { RunFilter, RunSummary } from '../app/evidence/runs.js';

interface Out {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

function duration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** One aligned line per run under a header, newest first. */
export function runsTable(runs: readonly RunSummary[]): string {
  const rows = runs.map((r) => [`${r.isLatest ? '*' : ' '} ${r.runId}`, r.featureSha, r.mode, r.orphaned ? 'running (process gone)' : r.status, duration(r.durationMs), r.startedAt]);
  const head = ['  RUN', 'FEATURE', 'MODE', 'STATUS', 'DURATION', 'STARTED'];
  const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** Lists the project's runs (filtered as asked) and prints them as a table or as JSON. */
export async function printLocalRuns(out: Out, filter: Omit<RunFilter, 'onWarning'>, json: boolean): Promise<void> {
  const { projectReports, listLocalRuns } = await import('./compose-run-listing.js');
  const { reportsDir } = await projectReports(out.cwd);
  const runs = await listLocalRuns(reportsDir, { ...filter, onWarning: (message) => out.stderr(`warning: ${message}\n`) });
  if (json) out.stdout(`${JSON.stringify({ reportsDir, runs }, null, 2)}\n`);
  else if (runs.length === 0) out.stdout(`no runs under ${reportsDir}\n`);
  else out.stdout(runsTable(runs));
}
