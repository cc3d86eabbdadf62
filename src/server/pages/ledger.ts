// The audit ledger with its chain verified when the page is served.
import type { LedgerReading } from '../../app/report/evidence-port.js';
import { esc } from '../../core/report/format.js';
import { summarizeAnchorVerdict } from '../../core/evidence/anchors.js';
import { page, qs, table, verdictBadge } from './layout.js';
import { LEDGER_PATH } from '../../core/evidence/vocabulary.js';

export const LEDGER_PAGE_SIZE = 100;

/** `runs`: how many runs exist — a missing ledger is only a failure once a run should have written to it. */
export function ledgerPage(ledger: LedgerReading & { matched: number }, filter: { run?: string; feature?: string }, pageNo: number, runs = 1): string {
  const anchorProblem = ledger.anchors?.problems[0];
  const verdict = !ledger.present
    ? runs === 0
      ? `${verdictBadge('na', 'no checkpoints yet')} the ledger starts with the first run: <code class="cmd">specgate run</code>`
      : verdictBadge('fail', `${LEDGER_PATH} is missing`)
    : !ledger.ok
      ? verdictBadge('fail', `chain broken at line ${ledger.firstBad?.line ?? '?'}: ${ledger.firstBad?.reason ?? ''}`)
      : anchorProblem !== undefined
        ? verdictBadge('fail', `chain recomputes but does not match signed evidence: ${anchorProblem.message}`)
        : verdictBadge('pass', `chain intact over ${ledger.lines} line(s), verified just now${ledger.anchors === undefined ? '' : `; ${summarizeAnchorVerdict(ledger.anchors)}`}`);
  const newestFirst = [...ledger.checkpoints].reverse();
  const older = ledger.matched - ledger.checkpoints.length;
  const pages = Math.max(1, Math.ceil(newestFirst.length / LEDGER_PAGE_SIZE));
  const current = Math.min(Math.max(1, pageNo), pages);
  const bad = ledger.firstBad?.line;
  const rows = newestFirst.slice((current - 1) * LEDGER_PAGE_SIZE, current * LEDGER_PAGE_SIZE).map((c) => [
    String(c.lineNo) + (bad !== undefined && c.lineNo >= bad ? (c.lineNo === bad ? ' ❌' : ' ⚠️') : ''),
    esc(c.time),
    `<a href="/runs/${esc(c.featureSha)}/${esc(c.runId)}">${esc(c.runId)}</a>`,
    `<code>${esc(c.featureSha)}</code>`,
    esc(c.stage),
    esc(c.status),
    esc(c.artifact),
    `<code title="${esc(c.chain)}">${esc(c.chain.slice(0, 12))}…</code>`,
  ]);
  const link = (n: number, label: string) => `<a href="/ledger${qs({ ...filter, page: n })}">${esc(label)}</a>`;
  const nav = pages <= 1 ? '' : `<p class="pager">${current > 1 ? link(current - 1, '← newer') : ''} page ${current} of ${pages} ${current < pages ? link(current + 1, 'older →') : ''}</p>`;
  return page('Ledger', `<h1>Audit ledger</h1><p>${verdict}</p>${filter.run ? `<p>Run ${esc(filter.run)} · <a href="/ledger">all runs</a></p>` : ''}
<p class="muted">Lines marked ⚠️ come at or after the first bad line: their content cannot be trusted.</p>
${table(['Line', 'Time', 'Run', 'Feature', 'Stage', 'Status', 'Artifact', 'Chain'], rows, 'No checkpoints.')}${nav}${older > 0 ? `<p class="muted">${older} older checkpoint(s) not shown: <code>specgate audit</code> lists them all.</p>` : ''}`, { live: 'ledger' });
}
