// Renders the executive report as HTML: a body fragment the dashboard embeds, and a standalone
// document for `specgate report --format html`. Everything from evidence is escaped.
import { VERDICT_ICON, type Check, type ExecutiveReport, type MetricRow } from './model.js';
import { esc, formatDuration, pctOrNa } from './format.js';

// The status in words beside the emoji: colour or an emoji alone carries no meaning for everyone.
const badge = (c: Check): string => `<span class="v v-${c.status}"><span aria-hidden="true">${VERDICT_ICON[c.status]}</span> ${esc(c.status)}</span>`;
const item = (label: string, c: Check): string => `<li>${badge(c)} <strong>${esc(label)}</strong>: ${esc(c.detail)}</li>`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  // Cells are pre-escaped HTML. A wide table scrolls inside its own focusable region, not the page.
  return `<div class="tw" tabindex="0" role="region" aria-label="${esc(head.join(', '))}"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

const metricRows = (rows: readonly MetricRow[]): string[][] =>
  rows.map((r) => [esc(r.metric), esc(r.target), esc(r.actual), `${badge(r)} ${r.status === 'pass' ? '' : esc(r.detail)}`]);

export function renderHtmlBody(r: ExecutiveReport): string {
  const o = r.overview;
  const s = r.statistics;
  const sec = r.security;
  const d = r.deployment;
  const parts: string[] = [];
  parts.push(`<h1>${esc(r.title)}</h1>`);
  parts.push(`<p class="overall">${badge(r.overall)} <strong>${esc(r.overall.status.toUpperCase())}</strong> · run ${esc(o.runId)} (${esc(o.runStatus)}) · generated ${esc(r.generatedAt)}</p>`);
  if (r.phase === 'in-run') parts.push('<p class="note">This run had not finished when the report was generated (the audit stage writes it before the run ends): signatures and provenance are added at the end of the run. Verify the finished run with <code>specgate verify</code>.</p>');
  parts.push('<h2>1. Implementation overview</h2>');
  parts.push(table(['Item', 'Value'], [
    ['Project', esc(o.project)], ['Feature SHA', `<code>${esc(o.featureSha)}</code>`], ['Branch', `<code>${esc(o.branch)}</code>`], ['Mode', esc(o.mode)],
    ['Run ID', esc(o.runId)], ['Run status', esc(o.runStatus)], ['Initiator', esc(o.initiator)], ['Started', esc(o.startedAt)], ['Finished', esc(o.finishedAt)],
    ['Commit', esc(o.commit)], ['specgate', esc(o.toolVersion)], ['Spec files', o.specFiles.map((f) => `<code>${esc(f.path)}</code>`).join('<br>') || '❌ none recorded'],
  ]));
  parts.push('<h2>2. Latest run statistics</h2><ul>', item('Spec validation', s.specValidation), item('Scenarios', s.scenarios), item('Spec coverage', s.specCoverage), item('Code coverage', s.codeCoverage), item('Resource compliance', s.resources), '</ul>');
  parts.push('<h2>3. Security</h2><ul>', item('SBOM', sec.sbom), item('Signatures', sec.signatures), item('SAST', sec.sast), item('Provenance', sec.provenance), item('Evidence digests', sec.digests), ...(sec.image && sec.image.status !== 'na' ? [item('Container image', sec.image)] : []), '</ul>');
  parts.push('<h2>4. Pipeline stages</h2>');
  parts.push(table(['#', 'Stage', 'Status', 'Duration', 'Summary'], r.stages.map((st, i) => [String(i + 1), esc(st.name), `${VERDICT_ICON[st.verdict]} ${esc(st.status)}`, esc(formatDuration(st.durationMs)), esc(st.summary)])));
  parts.push('<h2>5. Deployment</h2><ul>', item('Deployment', d), `<li>Attempts ${esc(d.attempts ?? 'n/a')} · retries ${esc(d.retries ?? 'n/a')} · rolled back ${d.rolledBack === null ? 'n/a' : d.rolledBack ? 'yes' : 'no'} · health ${esc(d.health)}</li></ul>`);
  if (d.resources.length > 0) parts.push(table(['Resource', 'Limit', 'Measured', 'Status'], metricRows(d.resources)));
  parts.push('<h2>6. Audit trail</h2><ul>', item('Ledger chain', r.audit.chain), item('Approval', r.approvals), '</ul>');
  if (r.audit.checkpoints.length > 0) parts.push(`<pre>${r.audit.checkpoints.map((c) => esc(`${c.time} | ${o.runId} | ${o.featureSha} | ${c.stage} | ${c.status} | ${c.artifact}${c.verified ? '' : '   <- not verified'}`)).join('\n')}</pre>`);
  parts.push('<h2>7. Verification metrics</h2>', table(['Metric', 'Target', 'Actual', 'Status'], metricRows(r.metrics)));
  parts.push('<h2>8. Trend</h2>');
  parts.push(r.trend.length <= 1 ? '<p>Only one run of this feature so far.</p>' : table(['Run', 'Mode', 'Status', 'Code cov.', 'Scenarios passed', 'Duration', 'Deploy', 'Retries'],
    r.trend.map((t) => [esc(t.runId), esc(t.mode), esc(t.status), esc(pctOrNa(t.codeCoveragePct)), esc(pctOrNa(t.specPassedPct)), esc(formatDuration(t.durationMs)), esc(t.deploy), esc(t.retries ?? 'n/a')])));
  parts.push('<h2>9. Risks</h2>', r.risks.length === 0 ? '<p>None recorded.</p>' : `<ol>${r.risks.map((x) => `<li>${esc(x)}</li>`).join('')}</ol>`);
  parts.push('<h2>10. Conclusion</h2>', `<p>${esc(r.conclusion)}</p>`);
  return parts.join('\n');
}

export const REPORT_CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}
.tw{max-width:100%;overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0 1rem}code{overflow-wrap:anywhere}th,td{border:1px solid #d5d9e0;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
.note{background:#fff7e0;padding:.5rem .8rem;border-left:4px solid #e0a800}.overall{font-size:1.1rem}`;

export function renderHtml(r: ExecutiveReport): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(r.title)} · ${esc(r.overview.runId)}</title><style>${REPORT_CSS}</style></head>\n<body>\n${renderHtmlBody(r)}\n</body></html>\n`;
}
