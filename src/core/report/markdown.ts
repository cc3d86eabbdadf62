// Renders the executive report as Markdown, in the section order of the original CTO report, with
// every status icon taken from the model (which computed it from evidence).
import { VERDICT_ICON, type Check, type ExecutiveReport, type MetricRow } from './model.js';
import { formatDuration, mdCell, pctOrNa } from './format.js';

const icon = (c: Check): string => VERDICT_ICON[c.status];
const line = (label: string, c: Check): string => `- ${icon(c)} **${label}**: ${c.detail}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

const metricRows = (rows: readonly MetricRow[]): string[][] => rows.map((r) => [r.metric, r.target, r.actual, `${VERDICT_ICON[r.status]} ${r.status === 'pass' ? '' : r.detail}`.trim()]);

export function renderMarkdown(r: ExecutiveReport): string {
  const o = r.overview;
  const out: string[] = [];
  out.push(`# ${r.title}`, '');
  out.push(`**Generated:** ${r.generatedAt}  `, `**Run:** ${o.runId} (${o.runStatus})  `, `**Overall:** ${VERDICT_ICON[r.overall.status]} ${r.overall.status.toUpperCase()} (${r.overall.detail})`, '');
  if (r.phase === 'in-run') {
    out.push('> This run had not finished when the report was generated (the audit stage writes it before the run', '> ends): signatures and provenance are added at the end of the run. Verify the finished run with', '> `specgate verify` and regenerate this report with `specgate report`.', '');
  }
  out.push('Every status below was computed when this report was generated, from the files in the run directory', '(digests, signatures, schemas, the ledger chain). ❌ means missing or failing evidence; ⏳ means not decidable yet.', '');

  out.push('## 1. Implementation Overview', '');
  out.push(...table(['Item', 'Value'], [
    ['Project', o.project], ['Feature SHA', `\`${o.featureSha}\``], ['Branch', `\`${o.branch}\``], ['Mode', o.mode],
    ['Run ID', o.runId], ['Run status', o.runStatus], ['Initiator', o.initiator], ['Started', o.startedAt], ['Finished', o.finishedAt],
    ['Commit', o.commit], ['specgate', o.toolVersion],
  ]), '');
  if (o.specFiles.length > 0) out.push('Spec files:', '', ...o.specFiles.map((f) => `- \`${f.path}\` sha256 \`${f.sha256.slice(0, 16)}…\``), '');
  else out.push('Spec files: ❌ none recorded in spec-validation-report.json', '');

  const s = r.statistics;
  out.push('## 2. Latest Run Statistics', '');
  out.push(line('Spec validation', s.specValidation), line('Scenarios', s.scenarios), line('Spec coverage', s.specCoverage), line('Code coverage', s.codeCoverage), line('Resource compliance', s.resources), '');

  const sec = r.security;
  out.push('## 3. Security', '');
  out.push(line('SBOM', sec.sbom), line('Signatures', sec.signatures), line('SAST', sec.sast), line('Provenance', sec.provenance), line('Evidence digests', sec.digests), ...(sec.image && sec.image.status !== 'na' ? [line('Container image', sec.image)] : []), '');
  if (sec.signatures.files.length > 0) out.push(...table(['File', 'Signature'], sec.signatures.files.map((f) => [f.path, `${VERDICT_ICON[f.status]} ${f.detail}`])), '');

  out.push('## 4. Pipeline Stages', '');
  if (r.stages.length === 0) out.push('❌ manifest.json records no stages.', '');
  else {
    const gates = (st: ExecutiveReport['stages'][number]): string => st.gates.map((g) => `${g.gate}: ${g.outcome}`).join(', ') || '-';
    out.push(...table(['#', 'Stage', 'Status', 'Duration', 'Summary', 'Gates'], r.stages.map((st, i) => [String(i + 1), st.name, `${VERDICT_ICON[st.verdict]} ${st.status}`, formatDuration(st.durationMs), st.summary, gates(st)])), '');
  }

  const d = r.deployment;
  out.push('## 5. Deployment', '');
  out.push(line('Deployment', d), `- Attempts: ${d.attempts ?? 'n/a'} · retries: ${d.retries ?? 'n/a'} · rolled back: ${d.rolledBack === null ? 'n/a' : d.rolledBack ? 'yes' : 'no'} · health: ${d.health}`, '');
  if (d.resources.length > 0) out.push(...table(['Resource', 'Limit', 'Measured', 'Status'], metricRows(d.resources).map(([a = '', b = '', c = '', e = '']) => [a, b, c, e])), '');

  const a = r.audit;
  out.push('## 6. Audit Trail', '');
  out.push(line('Ledger chain', a.chain), line('Approval', r.approvals), '');
  if (a.checkpoints.length > 0) {
    out.push(`Checkpoints of this run (${a.checkpoints.length} of ${a.checkpointsTotal}):`, '', '```');
    out.push(...a.checkpoints.map((c) => `${c.time} | ${o.runId} | ${o.featureSha} | ${c.stage} | ${c.status} | ${c.artifact}${c.verified ? '' : '   <- not verified (at or after the broken chain)'}`), '```', '');
  }

  out.push('## 7. Verification Metrics', '');
  out.push(...table(['Metric', 'Target', 'Actual', 'Status'], metricRows(r.metrics)), '');

  out.push('## 8. Trend (this feature, most recent first)', '');
  if (r.trend.length <= 1) out.push('Only one run of this feature so far: no trend yet.', '');
  else {
    out.push(...table(['Run', 'Mode', 'Status', 'Code cov.', 'Scenarios passed', 'Duration', 'Deploy', 'Retries'],
      r.trend.map((t) => [t.runId, t.mode, t.status, pctOrNa(t.codeCoveragePct), pctOrNa(t.specPassedPct), formatDuration(t.durationMs), t.deploy, t.retries === null ? 'n/a' : String(t.retries)])), '');
    out.push('Trend figures are as recorded in each run\'s evidence; only this run was re-verified.', '');
  }

  out.push('## 9. Risks', '');
  out.push(...(r.risks.length === 0 ? ['No warnings, skipped stages or failed gates were recorded.'] : r.risks.map((x, i) => `${i + 1}. ${x}`)), '');

  out.push('## 10. Conclusion', '', r.conclusion, '');
  out.push('---', `Generated by specgate ${o.toolVersion} from the evidence in \`reports/${o.featureSha}/${o.runId}/\`.`, '');
  return out.join('\n');
}
