// buildExecutiveReport: evidence facts in, the executive report out. Pure and deterministic, so
// golden files can pin it; every status here comes from a check in checks*.ts, none is a constant.
import type { RunEvidence } from './evidence.js';
import { deployFacts, manifestFacts, trendRow, type ManifestFacts } from './facts.js';
import { worst, type Check, type ExecutiveReport, type MetricRow, type StageRow, type Verdict, type VerificationRow } from './model.js';
import { runClaims, verificationRows, type RunClaims } from './claims.js';
import { arr, str } from './read.js';
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';
import { imageCheck } from './image.js';
import { failureCause, failedScenarios } from './cause.js';
import { budgetFacts } from './budgets.js';
import { releaseChanges, type ReleaseChanges } from './changes.js';
import { plainSummary } from './summary.js';
import { recipesFor } from './recipes.js';

/** How many of this run's checkpoints the audit section shows (outcomes, not `started` lines). */
export const CHECKPOINT_SAMPLE = 10;

const STAGE_VERDICT: Readonly<Record<string, Verdict>> = {
  success: 'pass',
  warning: 'warn',
  failure: 'fail',
  blocked: 'fail',
  skipped: 'na',
  running: 'pending',
  started: 'pending',
  'awaiting-approval': 'pending',
  paused: 'pending',
  interrupted: 'fail',
};

const docOf = (ev: RunEvidence, name: keyof RunEvidence['docs']): unknown => (ev.docs[name].state === 'ok' ? ev.docs[name].doc : undefined);

function stageRows(m: ManifestFacts): StageRow[] {
  return m.stages.map((s) => ({ name: s.name, status: s.status, verdict: STAGE_VERDICT[s.status] ?? 'fail', durationMs: s.durationMs, summary: s.summary, gates: s.gates }));
}

/** Measured memory and CPU against the deploy's limits (deploy-report.json). */
function resourceRows(ev: RunEvidence): MetricRow[] {
  const d = ev.docs.deploy.state === 'ok' ? deployFacts(ev.docs.deploy.doc) : undefined;
  const rows: MetricRow[] = [];
  const row = (metric: string, target: string, actual: string, ok: boolean): MetricRow => ({ metric, target, actual, status: ok ? 'pass' : 'fail', detail: EVIDENCE_FILE.deploy });
  if (d?.peakRssMi !== undefined && d.memoryLimitMi !== undefined) rows.push(row('Memory (peak RSS)', `≤ ${d.memoryLimitMi} MiB`, `${d.peakRssMi} MiB`, d.peakRssMi <= d.memoryLimitMi));
  if (d?.cpuPeak !== undefined && d.cpuLimit !== undefined) rows.push(row('CPU (peak)', `≤ ${d.cpuLimit} cores`, `${d.cpuPeak} cores${d.cpuMean === undefined ? '' : ` (mean ${d.cpuMean})`}`, d.cpuPeak <= d.cpuLimit));
  return rows;
}

/** What is left to look at that no verification row already says: skipped stages, warnings, unchecked structure. */
function openItems(ev: RunEvidence, manifestProblem: string | undefined, stages: readonly StageRow[]): string[] {
  const risks: string[] = [];
  if (manifestProblem !== undefined) risks.push(`Run record: ${manifestProblem}`);
  for (const s of stages) if (s.status === 'skipped') risks.push(`Stage ${s.name} skipped${s.summary ? `: ${s.summary}` : ''}`);
  for (const w of arr(ev.docs.manifest.doc, 'warnings')) {
    const text = typeof w === 'string' ? w : str(w, 'message');
    if (text !== undefined) risks.push(`Warning: ${text}`);
  }
  for (const doc of Object.values(ev.docs)) if (doc.schema === 'unavailable' && doc.state === 'ok') risks.push(`${doc.file}: no JSON Schema installed, so its structure was not verified`);
  return risks;
}

function overview(ev: RunEvidence, m: ManifestFacts): ExecutiveReport['overview'] {
  const files = arr(ev.docs.manifest.doc, 'specFiles').length > 0 ? arr(ev.docs.manifest.doc, 'specFiles') : arr(ev.docs.validation.doc, 'files');
  return {
    project: ev.project,
    featureSha: m.featureSha,
    branch: str(ev.docs.generation.doc, 'branch.branch') ?? m.branch ?? `auto/spec-implementation/${m.featureSha} (expected; no generation.json confirms it)`,
    mode: m.mode,
    runId: m.runId,
    runStatus: m.status,
    initiator: m.initiator,
    startedAt: m.startedAt ?? 'unknown',
    finishedAt: m.finishedAt ?? (ev.phase === 'in-run' ? 'in progress' : 'unknown'),
    commit: m.commit === undefined ? 'unknown' : `${m.commit}${m.dirty === true ? ' (dirty)' : ''}`,
    toolVersion: m.toolVersion ?? 'unknown',
    specFiles: files.map((f) => ({ path: str(f, 'path') ?? '?', sha256: str(f, 'sha256') ?? '?' })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

function audit(ev: RunEvidence, chain: RunClaims['chain']): ExecutiveReport['audit'] {
  const verified = (line: number): boolean => ev.ledger.ok || (ev.ledger.firstBad !== undefined && line < ev.ledger.firstBad.line);
  const sample = ev.ledger.checkpoints.filter((c) => c.status !== 'started' || c.stage === 'run').slice(0, CHECKPOINT_SAMPLE);
  return {
    chain,
    checkpoints: sample.map((c) => ({ time: c.time, stage: c.stage, status: c.status, artifact: c.artifact, verified: verified(c.lineNo) })),
    checkpointsTotal: ev.ledger.checkpoints.length,
  };
}

function changesOf(ev: RunEvidence): ReleaseChanges {
  const current = { coverage: docOf(ev, 'coverage'), estimates: docOf(ev, 'estimates'), sbom: docOf(ev, 'sbom'), sarif: docOf(ev, 'sarif') };
  const prev = ev.previousRelease;
  if (prev === undefined) return releaseChanges(current, undefined, 'the previous release was not looked up');
  return 'none' in prev ? releaseChanges(current, undefined, prev.none) : releaseChanges(current, prev, '');
}

function overallOf(metrics: readonly VerificationRow[], stages: readonly StageRow[], manifestProblem: string | undefined, status: string): Check {
  const stagesVerdict: Verdict = stages.length === 0 ? 'fail' : worst(stages.map((s) => s.verdict));
  const runVerdict: Verdict = manifestProblem !== undefined ? 'fail' : (STAGE_VERDICT[status] ?? 'fail');
  return { status: worst([...metrics.map((r) => r.status), stagesVerdict, runVerdict]), detail: `run status ${status}` };
}

export function buildExecutiveReport(ev: RunEvidence): ExecutiveReport {
  const m = manifestFacts(ev.docs.manifest.doc);
  const c = runClaims(ev, m);
  const stages = stageRows(m);
  const metrics = verificationRows(c, m.mode);
  const overall = overallOf(metrics, stages, c.manifestProblem, m.status);
  const changes = changesOf(ev);
  const cause = failureCause(docOf(ev, 'manifest'), docOf(ev, 'coverage'), docOf(ev, 'validation'));
  const summary = plainSummary({ project: ev.project, runId: m.runId, mode: m.mode, phase: ev.phase, runStatus: m.status, overall, deployment: c.deployment, cause, metrics, changes });
  return {
    schemaVersion: 1,
    generatedAt: ev.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    phase: ev.phase,
    title: `Executive Implementation Report: ${ev.project}`,
    overall,
    overview: overview(ev, m),
    statistics: { scenarios: c.scenarios, specValidation: c.validation, specCoverage: c.spec, codeCoverage: c.code, resources: c.resources },
    security: {
      sbom: c.sbom,
      signatures: { ...c.signatures, files: ev.signatures.files.map((f) => ({ path: f.path, status: f.status === 'valid' ? 'pass' : 'fail', detail: f.detail })) },
      sast: c.sast,
      provenance: c.provenance,
      digests: c.digests,
      image: imageCheck(ev, m.mode),
    },
    stages,
    deployment: { ...c.deployment, resources: resourceRows(ev) },
    audit: audit(ev, c.chain),
    approvals: { ...c.approvals, entries: m.approvals.map((a, i) => ({ ...a, verification: ev.approvals?.entries[i]?.state ?? 'unchecked' })) },
    summary,
    failedScenarios: failedScenarios(docOf(ev, 'coverage')),
    budgets: budgetFacts(docOf(ev, 'estimates'), docOf(ev, 'deploy')),
    changes,
    metrics,
    recipes: recipesFor(metrics.map((r) => r.recipe), m.runId),
    risks: openItems(ev, c.manifestProblem, stages),
    trend: ev.trend.map((t) => trendRow(t.manifest, t.coverage, t.deploy)),
    conclusion: summary.join(' '),
  };
}
