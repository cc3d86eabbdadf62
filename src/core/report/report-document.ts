// reportDocument: the executive report model → the document both renderers print. The summary comes
// first, then failures, the verification table, changes and budgets; details and recipes last.
import { list, p, tableBlock, type Inline, type ReportDocument, type ReportLinks, type Section } from './document.js';
import type { ExecutiveReport } from './model.js';
import { formatDuration, pctOrNa } from './format.js';
import { recipeAnchor } from './recipes.js';
import { budgetsSection, changesSection, failedSection, verificationSection } from './sections.js';
import { AUDIT_DIR } from '../evidence/vocabulary.js';

function summarySection(r: ExecutiveReport): Section {
  const blocks = [list(r.summary.map((s) => [s]))];
  if (r.phase === 'in-run') blocks.push({ kind: 'p', note: true, text: ['This run had not finished when the report was generated (the audit stage writes it before the run ends): signatures and provenance are added at the end of the run. Verify the finished run with ', { code: 'specgate verify' }, ' and regenerate this report with ', { code: 'specgate report' }, '.'] });
  return { id: 'summary', title: 'Summary', blocks };
}

function stagesSection(r: ExecutiveReport): Section {
  if (r.stages.length === 0) return { id: 'stages', title: 'Pipeline stages', blocks: [p({ verdict: 'fail' }, ' manifest.json records no stages.')] };
  const gates = (st: ExecutiveReport['stages'][number]): Inline[] => (st.gates.length === 0 ? ['-'] : [st.gates.map((g) => `${g.gate}: ${g.outcome}${g.outcome === 'pass' ? '' : ` — ${g.reason}`}`).join('; ')]);
  const rows = r.stages.map((st, i): Inline[][] => [[String(i + 1)], [st.name], [{ verdict: st.verdict, text: st.status }], [formatDuration(st.durationMs)], [st.summary], gates(st)]);
  return { id: 'stages', title: 'Pipeline stages', blocks: [tableBlock(['#', 'Stage', 'Status', 'Duration', 'Summary', 'Gates'], rows)] };
}

function deploymentSection(r: ExecutiveReport): Section {
  const d = r.deployment;
  const facts = `Attempts: ${d.attempts ?? 'n/a'} · retries: ${d.retries ?? 'n/a'} · rolled back: ${d.rolledBack === null ? 'n/a' : d.rolledBack ? 'yes' : 'no'} · health: ${d.health}`;
  return { id: 'deployment', title: 'Deployment', blocks: [p(facts)] };
}

function securitySection(r: ExecutiveReport): Section | undefined {
  const sec = r.security;
  const blocks = [];
  if (sec.image && sec.image.status !== 'na') blocks.push(p({ verdict: sec.image.status }, ' ', { strong: 'Container image' }, `: ${sec.image.detail}`));
  if (sec.signatures.files.length > 0) blocks.push(tableBlock(['File', 'Signature'], sec.signatures.files.map((f): Inline[][] => [[f.path], [{ verdict: f.status }, ` — ${f.detail}`]])));
  return blocks.length === 0 ? undefined : { id: 'signatures', title: 'Signatures and image', blocks };
}

function auditSection(r: ExecutiveReport): Section {
  const a = r.audit;
  const o = r.overview;
  const blocks = [];
  if (r.approvals.entries.length > 0) blocks.push(list(r.approvals.entries.map((e) => [`Approved by ${e.by} at ${e.at}${e.reason === '' ? '' : `: ${e.reason}`} (signature: ${e.verification})`])));
  if (a.checkpoints.length > 0) {
    blocks.push(p(`Checkpoints of this run in ${AUDIT_DIR}/ (${a.checkpoints.length} of ${a.checkpointsTotal}):`));
    blocks.push({ kind: 'pre' as const, text: a.checkpoints.map((c) => `${c.time} | ${o.runId} | ${o.featureSha} | ${c.stage} | ${c.status} | ${c.artifact}${c.verified ? '' : '   <- not verified (at or after the broken chain)'}`).join('\n') });
  } else blocks.push(p('No checkpoints of this run were found in the ledger.'));
  return { id: 'audit', title: 'Audit trail', blocks };
}

function trendSection(r: ExecutiveReport): Section {
  if (r.trend.length <= 1) return { id: 'trend', title: 'Trend of this feature', blocks: [p('Only one run of this feature so far: no trend yet.')] };
  const rows = r.trend.map((t): Inline[][] => [[t.runId], [t.mode], [t.status], [pctOrNa(t.codeCoveragePct)], [pctOrNa(t.specPassedPct)], [formatDuration(t.durationMs)], [t.deploy], [t.retries === null ? 'n/a' : String(t.retries)]]);
  return {
    id: 'trend',
    title: 'Trend of this feature (most recent first)',
    blocks: [tableBlock(['Run', 'Mode', 'Status', 'Code cov.', 'Scenarios passed', 'Duration', 'Deploy', 'Retries'], rows), p("Trend figures are as recorded in each run's evidence; only this run was re-verified.")],
  };
}

function detailsSection(r: ExecutiveReport): Section {
  const o = r.overview;
  const rows: Inline[][][] = [
    [['Project'], [o.project]], [['Feature SHA'], [{ code: o.featureSha }]], [['Branch'], [{ code: o.branch }]], [['Mode'], [o.mode]],
    [['Run ID'], [o.runId]], [['Run status'], [o.runStatus]], [['Initiator'], [o.initiator]], [['Started'], [o.startedAt]], [['Finished'], [o.finishedAt]],
    [['Commit'], [o.commit]], [['specgate'], [o.toolVersion]],
  ];
  const files = o.specFiles.length === 0 ? p({ verdict: 'fail' }, ' no spec files recorded in spec-validation-report.json') : list(o.specFiles.map((f) => [{ code: f.path }, ' sha256 ', { code: `${f.sha256.slice(0, 16)}…` }]));
  return { id: 'details', title: 'Run details', blocks: [tableBlock(['Item', 'Value'], rows), p('Spec files:'), files] };
}

function recipesSection(r: ExecutiveReport): Section {
  const blocks = r.recipes.flatMap((x) => [{ kind: 'h3' as const, id: recipeAnchor(x.id), text: x.title }, { kind: 'pre' as const, text: x.steps.join('\n') }]);
  return { id: 'verify', title: 'How to verify each claim yourself', blocks: [p(`Run these in the run folder reports/${r.overview.featureSha}/${r.overview.runId}/, with a public key you obtained separately as TRUSTED.pub.`), ...blocks] };
}

export function reportDocument(r: ExecutiveReport, links: ReportLinks): ReportDocument {
  const o = r.overview;
  const sections = [
    summarySection(r), failedSection(r), verificationSection(r, links), changesSection(r.changes), budgetsSection(r.budgets),
    stagesSection(r), deploymentSection(r), securitySection(r), auditSection(r), trendSection(r),
    { id: 'open', title: 'Open items', blocks: [r.risks.length === 0 ? p('No skipped stages, recorded warnings or unchecked documents.') : list(r.risks.map((x) => [x]), true)] },
    detailsSection(r), recipesSection(r),
  ].filter((s): s is Section => s !== undefined);
  return {
    title: r.title,
    lead: [{ strong: 'Run' }, ` ${o.runId} (${o.runStatus}) · `, { strong: 'Overall' }, ' ', { verdict: r.overall.status, text: r.overall.status.toUpperCase() }, ` · generated ${r.generatedAt}`],
    sections,
    footer: [`Generated by specgate ${o.toolVersion} from the evidence in `, { code: `reports/${o.featureSha}/${o.runId}/` }, '.'],
  };
}
