// The per-run numbers the trends page charts, read once per settled run by the run index (a
// finished run's files never change, so the trends never rescan). Reads are bounded: a file over
// the cap counts as "not recorded" rather than stalling the index.
import * as path from 'node:path';
import type { FileSystem } from '../core/ports.js';
import { coverageFacts, sarifFacts, type ManifestFacts } from '../core/report/facts.js';
import { budgetFacts } from '../core/report/budgets.js';
import { EVIDENCE_FILE } from '../core/evidence/vocabulary.js';
import { readJsonIfSmall } from '../app/untrusted-read.js';

export interface RunMetrics {
  /** Scenarios passed / scenarios in the spec, percent. */
  readonly passRatePct: number | null;
  /** Scenarios implemented (bound to steps) / scenarios in the spec, percent. */
  readonly specCoveragePct: number | null;
  readonly codeCoveragePct: number | null;
  /** Duration of each recorded stage, by stage name. */
  readonly stageMs: Readonly<Record<string, number>>;
  /** SAST findings (all levels); null when the run has no SARIF file. */
  readonly findings: number | null;
  /** Declared peak (resource-estimates.json) and measured peak after deploy (deploy-report.json); null when not recorded. */
  readonly resources?: { readonly declaredMemoryMi: number | null; readonly measuredMemoryMi: number | null; readonly declaredCpu: number | null; readonly measuredCpu: number | null };
  /** Scenario totals, so the index need not read spec-coverage.json a second time for "2 of 20 failed". */
  readonly scenarios?: { readonly failed: number; readonly total: number };
}

const MAX_BYTES = 8 * 1024 * 1024;

function readJson(fs: FileSystem, file: string): Promise<unknown> {
  return readJsonIfSmall(fs, file, MAX_BYTES);
}

const pct = (part: number | undefined, total: number | undefined) => (part === undefined || total === undefined || total <= 0 ? null : (part / total) * 100);

export async function readRunMetrics(fs: FileSystem, runDir: string, manifest: ManifestFacts): Promise<RunMetrics> {
  const coverage = await readJson(fs, path.join(runDir, EVIDENCE_FILE.coverage));
  const sarif = await readJson(fs, path.join(runDir, EVIDENCE_FILE.sarif));
  const c = coverage === undefined ? undefined : coverageFacts(coverage);
  const budgets = budgetFacts(await readJson(fs, path.join(runDir, EVIDENCE_FILE.estimates)), await readJson(fs, path.join(runDir, EVIDENCE_FILE.deploy)));
  const s = sarif === undefined ? undefined : sarifFacts(sarif);
  const stageMs: Record<string, number> = {};
  for (const st of manifest.stages) if (st.durationMs !== null && st.status !== 'skipped') stageMs[st.name] = st.durationMs;
  return {
    passRatePct: c?.passedPct ?? pct(c?.passed, c?.total),
    specCoveragePct: pct(c?.implemented, c?.total),
    codeCoveragePct: c?.code?.pct ?? null,
    stageMs,
    findings: s === undefined ? null : s.results.length,
    ...(budgets === null ? {} : { resources: { declaredMemoryMi: budgets.total.memoryMi, measuredMemoryMi: budgets.measured?.peakRssMi ?? null, declaredCpu: budgets.total.cpu, measuredCpu: budgets.measured?.cpuPeak ?? null } }),
    ...(c?.total === undefined || c.passed === undefined ? {} : { scenarios: { failed: c.total - c.passed, total: c.total } }),
  };
}
