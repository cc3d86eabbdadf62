// /trends: how the project moves over its last N finished runs, across every feature SHA (a spec
// change starts a new feature folder, not a new trend). Read from the run index, never a rescan.
import { lineChartSvg, type ChartInput } from '../../core/report/chart.js';
import { esc } from '../../core/report/format.js';
import type { RunSummary } from '../run-index.js';
import { page } from './layout.js';

export const TRENDS_DEFAULT = 12;
export const TRENDS_MAX = 50;
/** Stage charts shown at most (in pipeline order of first appearance). */
const MAX_STAGE_CHARTS = 8;

/** `20260105090000-2` → `01-05 09:00 #2`: short enough to sit under a point. */
export function shortRunLabel(runId: string): string {
  const m = /^\d{4}(\d{2})(\d{2})(\d{2})(\d{2})\d{2}(?:-(\d+))?$/.exec(runId);
  if (m === null) return runId.slice(-8);
  return `${m[1]}-${m[2]} ${m[3]}:${m[4]}${m[5] === undefined ? '' : ` #${m[5]}`}`;
}

type Measured = RunSummary & { readonly metrics: NonNullable<RunSummary['metrics']> };

function charts(runs: readonly Measured[]): ChartInput[] {
  const series = (id: string, title: string, unit: string, value: (r: Measured) => number | null, max?: number): ChartInput => ({
    id, title, unit, ...(max === undefined ? {} : { max }),
    points: runs.map((r) => ({ label: shortRunLabel(r.runId), value: value(r) })),
  });
  const stageNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.stageMs)))].slice(0, MAX_STAGE_CHARTS);
  return [
    series('pass', 'Scenario pass rate', '%', (r) => r.metrics.passRatePct, 100),
    series('spec', 'Spec coverage (scenarios implemented)', '%', (r) => r.metrics.specCoveragePct, 100),
    series('code', 'Code coverage (lines)', '%', (r) => r.metrics.codeCoveragePct, 100),
    series('findings', 'SAST findings', '', (r) => r.metrics.findings),
    series('duration', 'Run duration', 's', (r) => (r.durationMs === null ? null : r.durationMs / 1000)),
    // Declared vs measured: the budget the specs declared (largest scenario) beside the peak measured after deploy.
    { ...series('memory', 'Memory: measured peak RSS vs declared peak', 'MiB', (r) => r.metrics.resources?.measuredMemoryMi ?? null), reference: { name: 'declared peak', mainName: 'measured peak RSS', values: runs.map((r) => r.metrics.resources?.declaredMemoryMi ?? null) } },
    { ...series('cpu', 'CPU: measured peak vs declared peak', 'cores', (r) => r.metrics.resources?.measuredCpu ?? null), reference: { name: 'declared peak', mainName: 'measured peak', values: runs.map((r) => r.metrics.resources?.declaredCpu ?? null) } },
    ...stageNames.map((name, i) => series(`stage-${i}`, `Stage ${name} duration`, 's', (r) => { const ms = r.metrics.stageMs[name]; return ms === undefined ? null : ms / 1000; })),
  ];
}

/** `runs` newest first, as the index lists them; the charts read oldest → newest, left to right. */
export function trendsPage(runs: readonly RunSummary[], count: number): string {
  const measured = runs.filter((r): r is Measured => r.metrics !== undefined).slice(0, count).reverse();
  const head = `<h1>Trends</h1><p>The last ${measured.length} finished run(s) of the project, across every feature SHA, oldest on the left. Each point shows its value; “n/a” means the run did not record it.</p>
<p class="muted">Show <a href="/trends?n=12">12</a> · <a href="/trends?n=${TRENDS_MAX}">${TRENDS_MAX}</a> runs. Runs still in progress appear once they finish.</p>`;
  if (measured.length === 0) return page('Trends', `${head}<p>No finished run yet, so there is nothing to chart. Start one: <code class="cmd">specgate run</code></p>`);
  const features = new Set(measured.map((r) => r.featureSha)).size;
  const body = charts(measured).map((c) => `<figure class="chart-fig">${lineChartSvg(c)}<figcaption>${esc(c.title)}</figcaption></figure>`).join('\n');
  return page('Trends', `${head}<p>${measured.length} run(s) over ${features} feature SHA(s).</p>\n<div class="charts">${body}</div>`);
}
