// The run list: every run of every feature, newest first, filtered by feature, status and mode and
// paginated so 10,000 runs render as fast as 50.
import { esc, formatDuration } from '../../core/report/format.js';
import type { FeatureSummary, RunFilter, RunSummary } from '../run-index.js';
import { page, qs, statusBadge, table } from './layout.js';
import { environmentSection } from './home.js';
import type { StagingStatus } from '../../app/deploy/status.js';

export interface FrontPageContext {
  readonly project?: string;
  readonly staging?: StagingStatus;
  /** Every run, newest first (the environment cards look past the filter). */
  readonly all: readonly RunSummary[];
}

/** "2 of 20 scenarios failed", or the first failing gate, under a run's status. */
function outcomeNote(r: RunSummary): string {
  if (r.scenarios !== undefined && r.scenarios.failed > 0) return `<br><span class="muted">${r.scenarios.failed} of ${r.scenarios.total} scenarios failed</span>`;
  if (r.problem !== undefined) return `<br><span class="muted">${esc(r.problem.length > 120 ? `${r.problem.slice(0, 117)}…` : r.problem)}</span>`;
  return '';
}
import { RUN_STATUSES } from '../../core/evidence/vocabulary.js';

export const PAGE_SIZE = 50;

export function runListPage(runs: readonly RunSummary[], total: number, featureSummaries: readonly FeatureSummary[], filter: RunFilter, pageNo: number, front: FrontPageContext): string {
  const servingRun = front.staging?.serving ?? null;
  const isDeployed = (r: RunSummary) => servingRun !== null && servingRun.runId === r.runId && servingRun.featureSha === r.featureSha;
  const pages = Math.max(1, Math.ceil(runs.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, pageNo), pages);
  const shown = runs.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const features = featureSummaries.map((f) => f.featureSha);
  const option = (value: string, selected: string | undefined, label = value) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
  const form = `<form class="filters" method="get" action="/">
<label>Feature <select name="feature">${option('', filter.feature, 'all')}${features.map((f) => option(f, filter.feature)).join('')}</select></label>
<label>Status <select name="status">${option('', filter.status, 'all')}${[...RUN_STATUSES, 'damaged'].map((s) => option(s, filter.status)).join('')}</select></label>
<label>Mode <select name="mode">${option('', filter.mode, 'all')}${option('sandbox', filter.mode)}${option('compliance', filter.mode)}</select></label>
<button type="submit">Filter</button></form>`;
  const rows = shown.map((r) => [
    `<a href="/runs/${esc(r.featureSha)}/${esc(r.runId)}">${esc(r.runId)}</a>${r.latest ? ' <span class="tag">latest</span>' : ''}${isDeployed(r) ? ' <span class="tag tag-deployed">serving staging</span>' : ''}`,
    `<a href="/${qs({ feature: r.featureSha })}"><code>${esc(r.featureSha)}</code></a>`,
    esc(r.mode),
    statusBadge(r.status) + (r.status === 'awaiting-approval' && r.approvals > 0 ? ' <span class="tag">approved, awaiting resume</span>' : '') + outcomeNote(r),
    esc(r.initiator),
    esc(formatDuration(r.durationMs)),
  ]);
  const featureRows = featureSummaries.map((f) => [
    `<a href="/${qs({ feature: f.featureSha })}"><code>${esc(f.featureSha)}</code></a>`,
    String(f.runs),
    `<a href="/runs/${esc(f.featureSha)}/${esc(f.newest.runId)}">${esc(f.newest.runId)}</a> ${statusBadge(f.newest.status)}`,
    f.latest === undefined ? '<span class="muted">none finished</span>' : `<a href="/runs/${esc(f.featureSha)}/${esc(f.latest.runId)}">${esc(f.latest.runId)}</a> ${statusBadge(f.latest.status)}`,
  ]);
  const link = (n: number, label: string) => `<a href="/${qs({ ...filter, page: n })}">${esc(label)}</a>`;
  const nav = pages <= 1 ? '' : `<p class="pager">${current > 1 ? link(current - 1, '← newer') : ''} page ${current} of ${pages} ${current < pages ? link(current + 1, 'older →') : ''}</p>`;
  return page(
    'Runs',
    `${environmentSection(front.project, front.staging, front.all)}
<h2>Features</h2>${table(['Feature', 'Runs', 'Newest run', 'Latest finished'], featureRows, 'No runs yet: start one with <code class="cmd">specgate run</code> in the project folder; this page updates by itself.')}
<h2 id="runs-h">Runs</h2>${form}<p class="muted">${runs.length} run(s)${runs.length === total ? '' : ` of ${total}`}</p>
${table(['Run', 'Feature', 'Mode', 'Status', 'Initiator', 'Duration'], rows, 'No runs match.', 'runs')}${nav}`,
    { live: 'runs' },
  );
}
