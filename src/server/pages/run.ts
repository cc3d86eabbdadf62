// One run: stage timeline, gate decisions, findings with file:line, spec and code coverage, SAST,
// the SBOM with search, signature status per file, deploy attempts with health samples and
// measured resources, approvals. Every verdict comes from the report built (and verified) now.
import type { RunEvidence } from '../../core/report/evidence.js';
import type { ExecutiveReport } from '../../core/report/model.js';
import { coverageFacts, deployFacts, manifestFacts, sarifFacts, sbomComponents } from '../../core/report/facts.js';
import { arr, num, str } from '../../core/report/read.js';
import { esc, formatDuration } from '../../core/report/format.js';
import { page, qs, statusBadge, table, verdictBadge } from './layout.js';
import { causeSection, type CauseView } from './cause.js';
import { liveSection } from './live.js';
import { renderBlocks } from '../../core/report/html.js';
import { budgetsSection } from '../../core/report/sections.js';

export interface RunPageInput {
  readonly evidence: RunEvidence;
  readonly report: ExecutiveReport;
  readonly featureSha: string;
  readonly runId: string;
  readonly sbomQuery: string;
  readonly csrf: string;
  readonly flash?: string;
  readonly cause?: CauseView;
  /** Render time, for the elapsed time of a running stage. */
  readonly now: Date;
  /** This run is what serves staging now. */
  readonly deployed?: boolean;
  /** Set when the viewer has not logged in: command output is hidden and this is the login link. */
  readonly logLogin?: string;
}

const SBOM_ROWS = 200;

function timeline(report: ExecutiveReport): string {
  const total = report.stages.reduce((s, st) => s + (st.durationMs ?? 0), 0);
  if (report.stages.length === 0) return '<p class="muted">No stages recorded yet.</p>';
  // SVG attributes, not inline CSS: the CSP forbids style attributes.
  let x = 0;
  const bars = report.stages.map((st) => {
    const w = total === 0 ? 0 : Math.max(0.5, ((st.durationMs ?? 0) / total) * 100);
    const bar = `<rect class="bar bar-${st.verdict}" x="${x.toFixed(2)}%" y="0" width="${w.toFixed(2)}%" height="22"><title>${esc(st.name)}: ${esc(formatDuration(st.durationMs))}</title></rect>`;
    x += w;
    return bar;
  });
  const rows = report.stages.map((st) => [esc(st.name), verdictBadge(st.verdict, st.status), esc(formatDuration(st.durationMs)), esc(st.summary), st.gates.map((g) => `${esc(g.gate)}: <b>${esc(g.outcome)}</b> — ${esc(g.reason)}`).join('<br>')]);
  return `<svg class="timeline" width="100%" height="22" role="img" aria-label="stage timeline">${bars.join('')}</svg>${table(['Stage', 'Status', 'Duration', 'Summary', 'Gates'], rows)}`;
}

function findings(ev: RunEvidence): string {
  const spec = arr(ev.docs.validation.doc, 'findings').map((f) => [
    esc(`${str(f, 'file') ?? '?'}:${num(f, 'line') ?? '?'}:${num(f, 'column') ?? '?'}`), esc(str(f, 'severity') ?? ''), `<code>${esc(str(f, 'code') ?? '')}</code>`, esc(str(f, 'message') ?? ''),
  ]);
  return table(['Location', 'Severity', 'Code', 'Message'], spec, 'No spec findings.');
}

function coverage(ev: RunEvidence): string {
  if (ev.docs.coverage.state !== 'ok') return `<p class="muted">${esc(ev.docs.coverage.file)}: ${esc(ev.docs.coverage.state)}</p>`;
  const c = coverageFacts(ev.docs.coverage.doc);
  const rows = c.scenarios.map((s) => [esc(`${s.file}:${s.line ?? '?'}`), esc(s.name + (s.example === null ? '' : ` (example ${s.example + 1})`)), statusBadge(s.status === 'passed' ? 'success' : s.status === 'failed' ? 'failure' : s.status), esc(formatDuration(s.durationMs))]);
  const code = c.code === undefined || c.code === null ? 'not recorded' : `${c.code.pct ?? 'Unknown'}% lines (threshold ${c.code.threshold ?? '?'}%) from ${c.code.file ?? '?'}`;
  return `<p>Scenarios: ${c.passed ?? '?'}/${c.total ?? '?'} passed · Code coverage: ${esc(code)}</p>${table(['Location', 'Scenario', 'Status', 'Duration'], rows)}`;
}

function sast(ev: RunEvidence): string {
  if (ev.docs.sarif.state !== 'ok') return `<p class="muted">sast.sarif: ${esc(ev.docs.sarif.state)}</p>`;
  const s = sarifFacts(ev.docs.sarif.doc);
  return `<p>${s.error} error · ${s.warning} warning · ${s.note} note (${esc(s.tools.join(', '))})</p>${table(['Location', 'Level', 'Rule', 'Message'], s.results.map((r) => [esc(`${r.file}:${r.line ?? '?'}`), esc(r.level), `<code>${esc(r.ruleId)}</code>`, esc(r.message)]), 'No SAST results.')}`;
}

function sbom(ev: RunEvidence, base: string, q: string): string {
  if (ev.docs.sbom.state !== 'ok') return `<p class="muted">sbom.cyclonedx.json: ${esc(ev.docs.sbom.state)}</p>`;
  const all = sbomComponents(ev.docs.sbom.doc);
  const needle = q.toLowerCase();
  const hits = needle === '' ? all : all.filter((c) => c.name.toLowerCase().includes(needle) || c.purl.toLowerCase().includes(needle) || c.license.toLowerCase().includes(needle));
  const form = `<form method="get" action="${esc(base)}#sbom"><input type="search" name="q" value="${esc(q)}" placeholder="search components" maxlength="200"><button>Search</button></form>`;
  const rows = hits.slice(0, SBOM_ROWS).map((c) => [esc(c.name), esc(c.version), `<code>${esc(c.purl)}</code>`, esc(c.license)]);
  return `${form}<p class="muted">${hits.length} of ${all.length} component(s)${hits.length > SBOM_ROWS ? `, first ${SBOM_ROWS} shown` : ''}</p>${table(['Component', 'Version', 'purl', 'License'], rows, 'No component matches.')}`;
}

function deploy(ev: RunEvidence, report: ExecutiveReport): string {
  if (ev.docs.deploy.state !== 'ok') return `<p>${verdictBadge(report.deployment.status)} ${esc(report.deployment.detail)}</p>`;
  const d = deployFacts(ev.docs.deploy.doc);
  const attempts = d.attemptRows.map((a) => `<h3>Attempt ${a.n}: ${esc(a.outcome)}${a.decision ? ` → ${esc(a.decision)}` : ''}</h3><p>${esc(a.reason)}</p>${table(['Time', 'Status', 'Latency'], a.samples.map((s) => [esc(s.time), s.ok ? verdictBadge('pass', s.status) : verdictBadge('fail', s.status), esc(s.latencyMs === null ? 'n/a' : `${s.latencyMs} ms`)]), 'No health samples.', `health samples of attempt ${a.n}`)}`);
  // Measured usage sits in the budgets section, beside what the specs declared.
  return `<p>${verdictBadge(report.deployment.status)} ${esc(report.deployment.detail)} · final state <b>${esc(d.finalState)}</b></p>${attempts.join('')}`;
}

function signatures(report: ExecutiveReport): string {
  const s = report.security.signatures;
  return `<p>${verdictBadge(s.status)} ${esc(s.detail)}</p>${table(['File', 'Signature'], s.files.map((f) => [esc(f.path), `${verdictBadge(f.status)} ${esc(f.detail)}`]), 'No signatures checked.')}`;
}

function approvals(input: RunPageInput): string {
  const { report, featureSha, runId } = input;
  const entries = table(['By', 'At', 'Reason', 'Signature'], report.approvals.entries.map((a) => [esc(a.by), esc(a.at), esc(a.reason), esc(a.verification)]), 'No approvals recorded.');
  const waiting = report.overview.runStatus === 'awaiting-approval';
  const form = !waiting
    ? ''
    : `<form class="approve" method="post" action="/runs/${esc(featureSha)}/${esc(runId)}/approve">
<input type="hidden" name="csrf" value="${esc(input.csrf)}">
<label>Approver <input name="by" required maxlength="200" autocomplete="username"></label>
<label>Reason <input name="reason" maxlength="500"></label>
<label>Dashboard token <input name="token" type="password" required autocomplete="current-password"></label>
<button type="submit">Approve run ${esc(runId)}</button></form>`;
  return `<p>${verdictBadge(report.approvals.status)} ${esc(report.approvals.detail)}</p>${entries}${form}`;
}

function artifacts(ev: RunEvidence, base: string): string {
  const m = manifestFacts(ev.docs.manifest.doc);
  return table(['File', 'sha256', 'Size'], m.artifacts.map((a) => [`<a href="${esc(base)}/files/${a.path.split('/').map(encodeURIComponent).join('/')}">${esc(a.path)}</a>`, `<code>${esc(a.sha256.slice(0, 16))}…</code>`, esc(a.size ?? '?')]));
}

export function runPage(input: RunPageInput): string {
  const { report: r, featureSha, runId } = input;
  const base = `/runs/${featureSha}/${runId}`;
  const o = r.overview;
  const m = manifestFacts(input.evidence.docs.manifest.doc);
  const metrics = table(['Metric', 'Target', 'Actual', 'Status'], r.metrics.map((x) => [esc(x.metric), esc(x.target), esc(x.actual), `${verdictBadge(x.status)} ${x.status === 'pass' ? '' : esc(x.detail)}`]));
  const body = `<h1>Run ${esc(runId)} ${statusBadge(o.runStatus)}${input.deployed === true ? ' <span class="tag tag-deployed">serving staging</span>' : ''}</h1>
${input.flash === undefined ? '' : `<p class="flash" role="status">${esc(input.flash)}</p>`}
<p class="meta">Feature <a href="/${qs({ feature: featureSha })}"><code>${esc(featureSha)}</code></a> · ${esc(o.mode)} · started ${esc(o.startedAt)} by ${esc(o.initiator)} · finished ${esc(o.finishedAt)} · commit <code>${esc(o.commit)}</code></p>
<p class="links"><a href="${esc(base)}/report">Executive report</a> · <a href="${esc(base)}/report.md">report.md</a> · <a href="/ledger${qs({ run: runId })}">ledger entries</a></p>
${liveSection(r, featureSha, runId, input.now, m.startedAt, m.stages.at(-1)?.finishedAt, input.logLogin)}
${input.cause === undefined ? '' : causeSection(input.cause, base)}
<h2>Verification</h2><p>Overall ${verdictBadge(r.overall.status, r.overall.status)} <span class="muted">· verified ${esc(r.generatedAt)}</span></p>${metrics}
<h2>Stages</h2>${timeline(r)}
<h2>Approvals</h2>${approvals(input)}
<h2>Spec findings</h2>${findings(input.evidence)}
<h2>Spec coverage</h2>${coverage(input.evidence)}
<h2>SAST</h2>${sast(input.evidence)}
<h2 id="sbom">SBOM</h2>${sbom(input.evidence, base, input.sbomQuery)}
<h2>Signatures</h2>${signatures(r)}
<h2 id="budgets">Budgets: declared and measured</h2>${renderBlocks(budgetsSection(r.budgets).blocks, 'budgets')}
<h2>Deployment</h2>${deploy(input.evidence, r)}
<h2>Evidence files</h2>${artifacts(input.evidence, base)}`;
  return page(`Run ${runId}`, body, { live: `run:${featureSha}/${runId}` });
}
