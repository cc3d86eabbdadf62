// Compliance runs paused before deploy, waiting for someone other than their initiator.
import { esc } from '../../core/report/format.js';
import type { RunSummary } from '../run-index.js';
import { page, table } from './layout.js';

export function approvalsPage(waiting: readonly RunSummary[]): string {
  const rows = waiting.map((r) => [
    `<a href="/runs/${esc(r.featureSha)}/${esc(r.runId)}">${esc(r.runId)}</a>`,
    `<code>${esc(r.featureSha)}</code>`,
    esc(r.initiator),
    esc(r.startedAt),
    r.approvals > 0 ? `${r.approvals} approval(s): resume with <code>specgate run --resume ${esc(r.runId)}</code>` : 'waiting',
  ]);
  return page('Approvals', `<h1>Awaiting approval</h1>${table(['Run', 'Feature', 'Initiator', 'Started', 'State'], rows, 'No run is waiting for approval.')}`, { live: 'runs' });
}

export function errorPage(status: number, title: string, detail: string): string {
  return page(title, `<h1>${status} ${esc(title)}</h1><p>${esc(detail)}</p><p><a href="/">Back to runs</a></p>`);
}
