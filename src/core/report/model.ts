// The executive report as data: every row carries a status computed from evidence at report time
// and, when it is not a pass, the reason. Renderers (Markdown, HTML, JSON) only present this model.
import type { Budgets } from './budgets.js';
import type { FailedScenario } from './cause.js';
import type { ReleaseChanges } from './changes.js';
import type { Recipe, RecipeId } from './recipes.js';
import type { ApprovalVerdict } from './evidence.js';

/** pass ✅ · fail ❌ · warn ⚠️ · pending ⏳ (not decidable yet, e.g. signed at end of run) · na ➖ */
export type Verdict = 'pass' | 'fail' | 'warn' | 'pending' | 'na';

export interface Check {
  readonly status: Verdict;
  /** Why the status is what it is: the evidence file and what was found. */
  readonly detail: string;
}

export interface MetricRow extends Check {
  readonly metric: string;
  readonly target: string;
  readonly actual: string;
}

/** One claim of the verification table, with the files that back it and the recipe that checks it. */
export interface VerificationRow extends MetricRow {
  /** Run-relative evidence files; `LEDGER_PATH` is relative to the reports folder. */
  readonly evidence: readonly string[];
  readonly recipe: RecipeId;
}

export interface StageRow {
  readonly name: string;
  readonly status: string;
  readonly verdict: Verdict;
  readonly durationMs: number | null;
  readonly summary: string;
  readonly gates: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
}

export interface CheckpointRow {
  readonly time: string;
  readonly stage: string;
  readonly status: string;
  readonly artifact: string;
  /** False for lines at or after the ledger's first bad line: their content cannot be trusted. */
  readonly verified: boolean;
}

export interface TrendRow {
  readonly runId: string;
  readonly status: string;
  readonly mode: string;
  readonly codeCoveragePct: number | null;
  readonly specPassedPct: number | null;
  readonly durationMs: number | null;
  readonly deploy: 'success' | 'failure' | 'none';
  readonly retries: number | null;
}

export interface ExecutiveReport {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  /** `in-run`: written by the audit stage before the run is finished and signed. */
  readonly phase: 'in-run' | 'finished';
  readonly title: string;
  readonly overall: Check;
  readonly overview: {
    readonly project: string;
    readonly featureSha: string;
    readonly branch: string;
    readonly mode: string;
    readonly runId: string;
    readonly runStatus: string;
    readonly initiator: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly commit: string;
    readonly toolVersion: string;
    readonly specFiles: readonly { readonly path: string; readonly sha256: string }[];
  };
  readonly statistics: {
    readonly scenarios: Check & { readonly total: number | null; readonly implemented: number | null; readonly passed: number | null };
    readonly specValidation: Check & { readonly errors: number | null; readonly warnings: number | null };
    readonly specCoverage: Check;
    readonly codeCoverage: Check;
    readonly resources: Check;
  };
  readonly security: {
    readonly sbom: Check & { readonly components: number | null };
    readonly signatures: Check & { readonly files: readonly { readonly path: string; readonly status: Verdict; readonly detail: string }[] };
    readonly sast: Check & { readonly error: number | null; readonly warning: number | null; readonly note: number | null };
    readonly provenance: Check;
    readonly digests: Check;
    /** The container image the run built (build.image); `na` when none was configured. */
    readonly image?: Check & { readonly reference: string | null; readonly digest: string | null };
  };
  readonly stages: readonly StageRow[];
  readonly deployment: Check & {
    readonly attempts: number | null;
    readonly retries: number | null;
    readonly rolledBack: boolean | null;
    readonly health: string;
    readonly resources: readonly MetricRow[];
  };
  readonly audit: {
    readonly chain: Check & { readonly lines: number };
    readonly checkpoints: readonly CheckpointRow[];
    readonly checkpointsTotal: number;
  };
  readonly approvals: Check & {
    /** `verification`: checked now against the listed approvers; only `verified` counts in compliance. */
    readonly entries: readonly { readonly by: string; readonly at: string; readonly reason: string; readonly verification: ApprovalVerdict['state'] }[];
  };
  /** Plain-language sentences a CTO reads first: outcome, failures, what needs attention, changes, trust. */
  readonly summary: readonly string[];
  readonly failedScenarios: { readonly failed: number; readonly total: number; readonly rows: readonly FailedScenario[] };
  readonly budgets: Budgets | null;
  readonly changes: ReleaseChanges;
  readonly metrics: readonly VerificationRow[];
  /** The recipes the verification rows link to, in table order. */
  readonly recipes: readonly Recipe[];
  readonly risks: readonly string[];
  readonly trend: readonly TrendRow[];
  readonly conclusion: string;
}

export const VERDICT_ICON: Readonly<Record<Verdict, string>> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  pending: '⏳',
  na: '➖',
};

/** The worst of several verdicts; `na` never outweighs anything. */
export function worst(verdicts: readonly Verdict[]): Verdict {
  const order: Verdict[] = ['fail', 'pending', 'warn', 'pass', 'na'];
  for (const v of order) if (verdicts.includes(v)) return v;
  return 'na';
}
