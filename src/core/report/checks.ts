// One function per claim of the executive report. Each turns evidence into a verdict and a reason;
// nothing passes unless the evidence for it was found, parsed, schema-checked and consistent.
import type { Check, Verdict } from './model.js';
import type { EvidenceDoc, RunEvidence } from './evidence.js';
import { coverageFacts, manifestFacts, sarifFacts } from './facts.js';
import { arr, bool, num, str } from './read.js';
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';
import { describeScanCoverage, scanCoverageGaps, type ScanCoverageSummary } from '../security/scan-coverage.js';

/** The `specgate/scanCoverage` log property, when the SARIF carries a well-formed one. */
function scanCoverageOf(sarif: unknown): ScanCoverageSummary | undefined {
  const c = (sarif as { properties?: Record<string, unknown> } | null)?.properties?.['specgate/scanCoverage'] as Partial<ScanCoverageSummary> | undefined;
  if (typeof c !== 'object' || c === null || typeof c.totalScanned !== 'number' || !Array.isArray(c.uncovered) || typeof c.filesScanned !== 'object' || typeof c.sourceFiles !== 'object') return undefined;
  return c as ScanCoverageSummary;
}

export const check = (status: Verdict, detail: string): Check => ({ status, detail });

/** `fail` in compliance, `warn` in sandbox: the docs/contracts.md §6 rule for soft gates. */
export const gateVerdict = (mode: string): Verdict => (mode === 'compliance' ? 'fail' : 'warn');

export const pct = (n: number): string => `${(Math.round(n * 10) / 10).toFixed(1)}%`;

/** The stage that writes each evidence document: while a run is in progress, a later stage's file is not due yet. */
const PRODUCER: Readonly<Record<string, string>> = {
  [EVIDENCE_FILE.validation]: 'preflight',
  [EVIDENCE_FILE.estimates]: 'preflight',
  [EVIDENCE_FILE.coverage]: 'validate',
  [EVIDENCE_FILE.sarif]: 'validate',
  [EVIDENCE_FILE.sbom]: 'build',
  [EVIDENCE_FILE.image]: 'build',
  [EVIDENCE_FILE.deploy]: 'deploy',
};

/** For a run in progress: why a missing document is not due yet (its stage has not run), else undefined. */
export function notDue(ev: RunEvidence, doc: EvidenceDoc): string | undefined {
  if (ev.phase !== 'in-run' || doc.state !== 'missing') return undefined;
  const producer = PRODUCER[doc.file];
  if (producer === undefined) return undefined;
  const ran = manifestFacts(ev.docs.manifest.doc).stages.some((s) => s.name === producer);
  return ran ? undefined : `not produced yet: the ${producer} stage has not run`;
}

/** Why a document cannot back a claim, or undefined when it can. */
export function unusable(doc: EvidenceDoc): string | undefined {
  if (doc.state === 'missing') return `${doc.file} is missing`;
  if (doc.state === 'unreadable') return `${doc.file} is unreadable`;
  if (doc.state === 'invalid-json') return `${doc.file} is not valid JSON`;
  if (doc.schema === 'invalid') return `${doc.file} does not match its schema: ${doc.problems.slice(0, 2).join('; ')}`;
  return undefined;
}

export function specValidationCheck(ev: RunEvidence): Check & { errors: number | null; warnings: number | null } {
  const doc = ev.docs.validation;
  const due = notDue(ev, doc);
  if (due !== undefined) return { ...check('pending', due), errors: null, warnings: null };
  const bad = unusable(doc);
  if (bad !== undefined) return { ...check('fail', bad), errors: null, warnings: null };
  const findings = arr(doc.doc, 'findings');
  const errors = findings.filter((f) => str(f, 'severity') === 'error').length;
  const warnings = findings.filter((f) => str(f, 'severity') === 'warning').length;
  const status = str(doc.doc, 'status');
  const verdict: Verdict = status === 'pass' ? 'pass' : status === 'warn' ? 'warn' : status === 'fail' ? 'fail' : errors > 0 ? 'fail' : 'warn';
  const detail = `${errors} error(s), ${warnings} warning(s) in ${doc.file}${status === undefined ? ' (status field missing)' : ''}`;
  return { ...check(verdict, detail), errors, warnings };
}

export function scenarioChecks(ev: RunEvidence, mode: string): { scenarios: Check & { total: number | null; implemented: number | null; passed: number | null }; spec: Check; code: Check } {
  const doc = ev.docs.coverage;
  const due = notDue(ev, doc);
  if (due !== undefined) return { scenarios: { ...check('pending', due), total: null, implemented: null, passed: null }, spec: check('pending', due), code: check('pending', due) };
  const bad = unusable(doc);
  if (bad !== undefined) {
    return { scenarios: { ...check('fail', bad), total: null, implemented: null, passed: null }, spec: check('fail', bad), code: check('fail', bad) };
  }
  const c = coverageFacts(doc.doc);
  const counts = { total: c.total ?? null, implemented: c.implemented ?? null, passed: c.passed ?? null };
  const scenarios =
    c.total === undefined || c.passed === undefined
      ? { ...check('fail', `${doc.file} has no scenario totals`), ...counts }
      : { ...check(c.passed === c.total && c.total > 0 ? 'pass' : c.total === 0 ? 'fail' : gateVerdict(mode), `${c.passed}/${c.total} passed, ${c.implemented ?? '?'} implemented`), ...counts };
  const threshold = c.specThreshold ?? 100;
  const spec =
    c.passedPct === undefined
      ? check('fail', `${doc.file} has no pass percentage`)
      : check(c.passedPct >= threshold ? 'pass' : gateVerdict(mode), `${pct(c.passedPct)} of scenarios passed (threshold ${threshold}%)`);
  let code: Check;
  if (c.code === undefined) code = check('fail', `${doc.file} has no code coverage section`);
  else if (c.code === null) code = check(gateVerdict(mode), 'no code coverage was recorded for this run');
  else if (c.code.pct === null) code = check(gateVerdict(mode), `code coverage is "Unknown" in ${c.code.file ?? 'the coverage file'}`);
  else {
    const t = c.code.threshold ?? 70;
    code = check(c.code.pct >= t ? 'pass' : gateVerdict(mode), `${pct(c.code.pct)} line coverage (threshold ${t}%)`);
  }
  return { scenarios, spec, code };
}

export function resourceCheck(ev: RunEvidence, mode: string): Check {
  const doc = ev.docs.estimates;
  const due = notDue(ev, doc);
  if (due !== undefined) return check('pending', due);
  const bad = unusable(doc);
  if (bad !== undefined) return check('fail', bad);
  const measured = (doc.doc as { measured?: unknown } | undefined)?.measured;
  if (measured === null || measured === undefined) {
    const deploy = manifestFacts(ev.docs.manifest.doc).stages.find((s) => s.name === 'deploy');
    if (deploy === undefined && ev.phase === 'in-run') return check('pending', 'declared budgets recorded; usage is measured by the deploy stage');
    if (deploy === undefined || deploy.status === 'skipped') return check('na', 'declared budgets only: the run did not deploy, so usage was not measured');
    return check(gateVerdict(mode), `declared budgets only: deploy ${deploy.status} but usage was not measured`);
  }
  const stopped = str(measured, 'stoppedFor');
  const within = bool(measured, 'withinLimits', 'within', 'ok', 'verdict.withinLimits');
  if (within === undefined) return check('fail', `${doc.file}: measured usage has no withinLimits verdict`);
  const figures = `peak RSS ${num(measured, 'peakRssMi', 'peakRssMb') ?? '?'} MiB, CPU peak ${num(measured, 'cpuPeak') ?? '?'} cores`;
  return check(within ? 'pass' : 'fail', within ? `measured usage within limits (${figures})` : `measured usage exceeds limits (${figures})${stopped === undefined ? '' : `; stopped: ${stopped}`}`);
}

export function sbomCheck(ev: RunEvidence): Check & { components: number | null } {
  const doc = ev.docs.sbom;
  const due = notDue(ev, doc);
  if (due !== undefined) return { ...check('pending', due), components: null };
  const bad = unusable(doc);
  if (bad !== undefined) return { ...check('fail', bad), components: null };
  const spec = str(doc.doc, 'specVersion');
  // Nested components count too: with build.image the packages sit under the image component.
  const count = (list: readonly unknown[]): number => list.reduce<number>((n, c) => n + 1 + count(arr(c, 'components')), 0);
  const components = count(arr(doc.doc, 'components'));
  if (str(doc.doc, 'bomFormat') !== 'CycloneDX') return { ...check('fail', `${doc.file} is not a CycloneDX document`), components };
  const schemaNote = doc.schema === 'valid' ? ', schema valid' : doc.schema === 'unavailable' ? ', schema not installed' : '';
  const none = components === 0 ? ': confirm the project really has no dependencies' : '';
  return { ...check(components > 0 ? 'pass' : 'warn', `CycloneDX ${spec ?? '?'}, ${components} component(s)${schemaNote}${none}`), components };
}

export function sastCheck(ev: RunEvidence, mode: string): Check & { error: number | null; warning: number | null; note: number | null } {
  const doc = ev.docs.sarif;
  const due = notDue(ev, doc);
  if (due !== undefined) return { ...check('pending', due), error: null, warning: null, note: null };
  const bad = unusable(doc);
  if (bad !== undefined) return { ...check(gateVerdict(mode), `${bad}${mode === 'compliance' ? ' (SAST is required in compliance mode)' : ''}`), error: null, warning: null, note: null };
  if (str(doc.doc, 'version') !== '2.1.0') return { ...check('fail', `${doc.file} is not SARIF 2.1.0`), error: null, warning: null, note: null };
  const s = sarifFacts(doc.doc);
  const tools = s.tools.length === 0 ? 'no tool runs' : s.tools.join(', ');
  // A scan that read no file, or left a language uncovered, proves nothing: never ✅ (scan-coverage.ts).
  const looked = scanCoverageOf(doc.doc);
  const gaps = looked === undefined ? [] : scanCoverageGaps(looked);
  const verdict: Verdict = s.tools.length === 0 || s.error > 0 || gaps.length > 0 ? gateVerdict(mode) : 'pass';
  const scanned = looked === undefined ? '' : `; ${describeScanCoverage(looked)}`;
  const why = gaps.filter((g) => !g.startsWith('0 files scanned')).map((g) => `; ${g}`).join('');
  return { ...check(verdict, `${s.error} error, ${s.warning} warning, ${s.note} note (${tools})${scanned}${why}`), error: s.error, warning: s.warning, note: s.note };
}
