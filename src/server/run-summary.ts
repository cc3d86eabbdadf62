// One row of the dashboard's run index (run-index.ts): what the run pages and trends show of a run,
// read from its manifest through the FileSystem port. A manifest that cannot be read is a row
// marked damaged, never an error: the dashboard keeps serving the other runs.
import * as path from 'node:path';
import type { FileSystem } from '../core/ports.js';
import { manifestFacts } from '../core/report/facts.js';
import { spanMs } from '../core/report/read.js';
import { failureCause } from '../core/report/cause.js';
import { EVIDENCE_FILE, SETTLED_RUN_STATUSES } from '../core/evidence/vocabulary.js';
import { readJsonIfSmall } from '../app/untrusted-read.js';
import { readRunMetrics, type RunMetrics } from './run-metrics.js';

export interface RunSummary {
  readonly featureSha: string;
  readonly runId: string;
  readonly mode: string;
  readonly status: string;
  readonly initiator: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number | null;
  readonly approvals: number;
  readonly latest: boolean;
  /** The manifest could not be read or parsed. */
  readonly damaged: boolean;
  /** Stages recorded so far: a running run's page reloads when one more finishes. */
  readonly stages: number;
  /** The deploy stage's outcome, when the run reached it. */
  readonly deploy?: { readonly status: string; readonly summary: string; readonly endedAt: string };
  /** First non-passing gate (or stage summary) of the first stage that did not pass. */
  readonly problem?: string;
  /** Scenario totals of a run that did not pass, from spec-coverage.json. */
  readonly scenarios?: { readonly failed: number; readonly total: number };
  /** What the trends page charts; only for settled runs (a running run's numbers are not final). */
  readonly metrics?: RunMetrics;
}

/** Statuses after which the runner never rewrites the manifest. */
export const SETTLED = new Set<string>(SETTLED_RUN_STATUSES);

/** One run's row, read from its manifest (and, for a run that did not pass, its coverage totals). */
export async function readRunSummary(fs: FileSystem, reportsDir: string, featureSha: string, runId: string): Promise<RunSummary> {
  const file = path.join(reportsDir, featureSha, runId, EVIDENCE_FILE.manifest);
  let doc: unknown;
  let damaged = false;
  try {
    doc = (await fs.lstat(file))?.kind === 'file' ? JSON.parse(await fs.readText(file)) : undefined;
    damaged = doc === undefined;
  } catch {
    damaged = true;
  }
  const m = manifestFacts(doc);
  const deploy = m.stages.find((st) => st.name === 'deploy' && st.status !== 'skipped');
  const problem = damaged || m.status === 'success' || m.status === 'running' ? undefined : failureCause(doc, undefined, undefined)?.headline;
  const metrics = damaged || !SETTLED.has(m.status) ? undefined : await readRunMetrics(fs, path.dirname(file), m);
  const scenarios = problem === undefined ? undefined : (metrics?.scenarios ?? (await scenarioTotals(fs, reportsDir, featureSha, runId)));
  return {
    featureSha,
    runId,
    mode: m.mode,
    status: damaged ? 'damaged' : m.status,
    initiator: m.initiator,
    startedAt: m.startedAt ?? '',
    endedAt: m.finishedAt ?? '',
    durationMs: spanMs(m.startedAt, m.finishedAt),
    approvals: m.approvals.length,
    latest: false,
    damaged,
    stages: m.stages.length,
    ...(deploy === undefined ? {} : { deploy: { status: deploy.status, summary: deploy.summary, endedAt: deploy.finishedAt ?? '' } }),
    ...(problem === undefined ? {} : { problem }),
    ...(scenarios === undefined ? {} : { scenarios }),
    ...(metrics === undefined ? {} : { metrics }),
  };
}

/** Failed/total scenarios of a run that did not pass (bounded read: a coverage file is small). */
async function scenarioTotals(fs: FileSystem, reportsDir: string, featureSha: string, runId: string): Promise<{ failed: number; total: number } | undefined> {
  const doc = await readJsonIfSmall(fs, path.join(reportsDir, featureSha, runId, EVIDENCE_FILE.coverage), 8 * 1024 * 1024);
  const totals = (doc as { totals?: { failed?: unknown; total?: unknown; passed?: unknown } } | undefined)?.totals;
  if (typeof totals?.total !== 'number' || typeof totals.passed !== 'number') return undefined;
  return { failed: totals.total - totals.passed, total: totals.total };
}
