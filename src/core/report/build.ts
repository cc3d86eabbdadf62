// buildExecutiveReport: evidence facts in, the executive report out. Pure and deterministic, so
// golden files can pin it; every status here comes from a check in checks.ts, none is a constant.
import type { RunEvidence } from './evidence.js';
import { deployFacts, manifestFacts, trendRow } from './facts.js';
import { worst, type Check, type ExecutiveReport, type MetricRow, type StageRow, type Verdict } from './model.js';
import {
  approvalCheck, deployCheck, digestCheck, ledgerCheck, provenanceCheck, resourceCheck, sastCheck, sbomCheck,
  scenarioChecks, signatureCheck, specValidationCheck, unusable,
} from './checks.js';
import { arr, str } from './read.js';
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';
import { imageCheck } from './image.js';

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

const row = (metric: string, target: string, actual: string, c: Check): MetricRow => ({ metric, target, actual, status: c.status, detail: c.detail });

export function buildExecutiveReport(ev: RunEvidence): ExecutiveReport {
  const manifestProblem = unusable(ev.docs.manifest);
  const m = manifestFacts(ev.docs.manifest.doc);
  const mode = m.mode;
  const validation = specValidationCheck(ev);
  const sc = scenarioChecks(ev, mode);
  const resources = resourceCheck(ev, mode);
  const sbom = sbomCheck(ev);
  const sast = sastCheck(ev, mode);
  const digests = manifestProblem === undefined ? digestCheck(ev, m) : { status: 'fail' as const, detail: manifestProblem };
  const signatures = signatureCheck(ev, mode);
  const provenance = provenanceCheck(ev, mode);
  const deployment = deployCheck(ev, m);
  const chain = ledgerCheck(ev);
  const approvals = approvalCheck(m, ev.approvals);

  const stages: StageRow[] = m.stages.map((s) => ({
    name: s.name,
    status: s.status,
    verdict: STAGE_VERDICT[s.status] ?? 'fail',
    durationMs: s.durationMs,
    summary: s.summary,
    gates: s.gates,
  }));
  const stagesCheck: Check =
    stages.length === 0
      ? { status: 'fail', detail: 'manifest.json records no stages' }
      : { status: worst(stages.map((s) => s.verdict)), detail: stages.map((s) => `${s.name} ${s.status}`).join(', ') };

  const d = ev.docs.deploy.state === 'ok' ? deployFacts(ev.docs.deploy.doc) : undefined;
  const resourceRows: MetricRow[] = [];
  if (d?.peakRssMi !== undefined && d.memoryLimitMi !== undefined) {
    resourceRows.push(row('Memory (peak RSS)', `≤ ${d.memoryLimitMi} MiB`, `${d.peakRssMi} MiB`, { status: d.peakRssMi <= d.memoryLimitMi ? 'pass' : 'fail', detail: EVIDENCE_FILE.deploy }));
  }
  if (d?.cpuPeak !== undefined && d.cpuLimit !== undefined) {
    resourceRows.push(row('CPU (peak)', `≤ ${d.cpuLimit} cores`, `${d.cpuPeak} cores${d.cpuMean === undefined ? '' : ` (mean ${d.cpuMean})`}`, { status: d.cpuPeak <= d.cpuLimit ? 'pass' : 'fail', detail: EVIDENCE_FILE.deploy }));
  }

  const metrics: MetricRow[] = [
    row('Spec validation', 'no errors', validation.errors === null ? 'n/a' : `${validation.errors} errors, ${validation.warnings} warnings`, validation),
    row('Scenarios passing', 'all', sc.scenarios.passed === null ? 'n/a' : `${sc.scenarios.passed}/${sc.scenarios.total}`, sc.scenarios),
    row('Spec coverage', 'threshold', sc.spec.detail.split(' (')[0] ?? '', sc.spec),
    row('Code coverage', 'threshold', sc.code.detail, sc.code),
    row('Resource compliance', 'within limits', resources.status === 'pass' ? 'within limits' : resources.detail, resources),
    row('SAST', mode === 'compliance' ? 'scan, 0 errors' : 'optional', sast.error === null ? 'n/a' : `${sast.error} errors`, sast),
    row('SBOM', 'CycloneDX, components', sbom.components === null ? 'n/a' : `${sbom.components} components`, sbom),
    row('Evidence digests', 'all match', digests.status === 'pass' ? 'all match' : 'mismatch', digests),
    row('Signature verification', mode === 'compliance' ? 'required' : 'if key', signatures.status === 'pass' ? 'valid' : signatures.status === 'pending' ? 'at end of run' : 'not verified', signatures),
    row('Provenance', 'signed in-toto', provenance.status === 'pass' ? 'valid' : provenance.status === 'pending' ? 'at end of run' : 'not verified', provenance),
    row('Deployment', 'healthy', deployment.status === 'na' ? 'not deployed' : deployment.detail, deployment),
    row('Audit chain', 'intact', chain.status === 'pass' ? 'intact' : 'broken or incomplete', chain),
    row('Approval', mode === 'compliance' ? 'signed by a listed approver, not the initiator' : 'not required', approvals.status === 'pass' ? 'signed' : approvals.status === 'na' ? 'n/a' : 'missing', approvals),
  ];

  const risks: string[] = [];
  if (manifestProblem !== undefined) risks.push(`Run record: ${manifestProblem}`);
  for (const r of metrics) if (r.status === 'fail' || r.status === 'warn') risks.push(`${r.metric}: ${r.detail}`);
  for (const s of stages) {
    if (s.status === 'skipped') risks.push(`Stage ${s.name} skipped${s.summary ? `: ${s.summary}` : ''}`);
    for (const g of s.gates) if (g.outcome !== 'pass') risks.push(`Gate ${g.gate} (${s.name}) ${g.outcome}: ${g.reason}`);
  }
  for (const w of arr(ev.docs.manifest.doc, 'warnings')) {
    const text = typeof w === 'string' ? w : str(w, 'message');
    if (text !== undefined) risks.push(`Warning: ${text}`);
  }
  for (const doc of Object.values(ev.docs)) if (doc.schema === 'unavailable' && doc.state === 'ok') risks.push(`${doc.file}: no JSON Schema installed, so its structure was not verified`);

  const considered = [...metrics, stagesCheck].map((r) => r.status);
  const runVerdict: Verdict = manifestProblem !== undefined ? 'fail' : (STAGE_VERDICT[m.status] ?? 'fail');
  const overall: Check = { status: worst([...considered, runVerdict]), detail: `run status ${m.status}` };

  return {
    schemaVersion: 1,
    generatedAt: ev.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    phase: ev.phase,
    title: `Executive Implementation Report: ${ev.project}`,
    overall,
    overview: {
      project: ev.project,
      featureSha: m.featureSha,
      branch: str(ev.docs.generation.doc, 'branch.branch') ?? m.branch ?? `auto/spec-implementation/${m.featureSha} (expected; no generation.json confirms it)`,
      mode,
      runId: m.runId,
      runStatus: m.status,
      initiator: m.initiator,
      startedAt: m.startedAt ?? 'unknown',
      finishedAt: m.finishedAt ?? (ev.phase === 'in-run' ? 'in progress' : 'unknown'),
      commit: m.commit === undefined ? 'unknown' : `${m.commit}${m.dirty === true ? ' (dirty)' : ''}`,
      toolVersion: m.toolVersion ?? 'unknown',
      specFiles: (arr(ev.docs.manifest.doc, 'specFiles').length > 0 ? arr(ev.docs.manifest.doc, 'specFiles') : arr(ev.docs.validation.doc, 'files'))
        .map((f) => ({ path: str(f, 'path') ?? '?', sha256: str(f, 'sha256') ?? '?' }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    },
    statistics: { scenarios: sc.scenarios, specValidation: validation, specCoverage: sc.spec, codeCoverage: sc.code, resources },
    security: {
      sbom,
      signatures: { ...signatures, files: ev.signatures.files.map((f) => ({ path: f.path, status: f.status === 'valid' ? 'pass' : 'fail', detail: f.detail })) },
      sast,
      provenance,
      digests,
      image: imageCheck(ev, mode),
    },
    stages,
    deployment: { ...deployment, resources: resourceRows },
    audit: {
      chain,
      checkpoints: ev.ledger.checkpoints.filter((c) => c.status !== 'started' || c.stage === 'run').slice(0, CHECKPOINT_SAMPLE).map((c) => ({
        time: c.time,
        stage: c.stage,
        status: c.status,
        artifact: c.artifact,
        verified: ev.ledger.ok || (ev.ledger.firstBad !== undefined && c.lineNo < ev.ledger.firstBad.line),
      })),
      checkpointsTotal: ev.ledger.checkpoints.length,
    },
    approvals: { ...approvals, entries: m.approvals.map((a, i) => ({ ...a, verification: ev.approvals?.entries[i]?.state ?? 'unchecked' })) },
    metrics,
    risks,
    trend: ev.trend.map((t) => trendRow(t.manifest, t.coverage, t.deploy)),
    conclusion: conclusion(overall.status, metrics, ev.phase),
  };
}

function conclusion(status: Verdict, metrics: readonly MetricRow[], phase: 'in-run' | 'finished'): string {
  const failed = metrics.filter((r) => r.status === 'fail').map((r) => r.metric);
  const warned = metrics.filter((r) => r.status === 'warn').map((r) => r.metric);
  const pending = metrics.filter((r) => r.status === 'pending').map((r) => r.metric);
  const parts: string[] = [];
  if (status === 'pass') parts.push('Every verified claim in this report is backed by evidence in the run directory and passed at report time.');
  if (failed.length > 0) parts.push(`Not ready: ${failed.join(', ')} failed verification.`);
  if (warned.length > 0) parts.push(`Warnings to review: ${warned.join(', ')}.`);
  if (pending.length > 0) parts.push(`${pending.join(', ')} ${phase === 'in-run' ? 'are completed when the run finishes; run `specgate verify` and `specgate report` on the finished run' : 'are still pending'}.`);
  return parts.join(' ');
}
