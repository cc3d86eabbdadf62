// Reads the facts the report states out of each evidence document. Each reader tolerates the
// documented field names and a few obvious aliases, and says "unrecognised" rather than guess.
import { arr, bool, isObject, num, obj, spanMs, str } from './read.js';
import type { TrendRow } from './model.js';
import { deployFacts } from './facts-deploy.js';

export { deployFacts, type DeployFacts } from './facts-deploy.js';
export { sarifFacts, sbomComponents, type SarifFacts } from './facts-security.js';

export interface ManifestFacts {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: string;
  readonly status: string;
  readonly initiator: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly commit?: string;
  readonly dirty?: boolean;
  readonly branch?: string;
  readonly toolVersion?: string;
  readonly fingerprint?: string;
  readonly stages: readonly StageFacts[];
  readonly artifacts: readonly { readonly path: string; readonly sha256: string; readonly size?: number }[];
  readonly approvals: readonly { readonly by: string; readonly at: string; readonly reason: string }[];
}

export interface StageFacts {
  readonly name: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs: number | null;
  readonly summary: string;
  readonly gates: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
}

export function manifestFacts(m: unknown): ManifestFacts {
  const initiator = str(m, 'initiator', 'initiator.name', 'initiatedBy') ?? 'unknown';
  const stages = arr(m, 'stages').map((s): StageFacts => {
    const startedAt = str(s, 'startedAt', 'start', 'started');
    const finishedAt = str(s, 'finishedAt', 'endedAt', 'end', 'finished');
    return {
      name: str(s, 'name', 'stage') ?? '?',
      status: str(s, 'status') ?? 'unknown',
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(finishedAt === undefined ? {} : { finishedAt }),
      durationMs: num(s, 'durationMs') ?? spanMs(startedAt, finishedAt),
      summary: str(s, 'summary') ?? '',
      gates: arr(s, 'gates').map((g) => ({
        gate: str(g, 'gate', 'name') ?? '?',
        outcome: str(g, 'outcome', 'decision') ?? '?',
        reason: str(g, 'reason') ?? '',
      })),
    };
  });
  const optional = {
    startedAt: str(m, 'startedAt', 'start', 'started'),
    finishedAt: str(m, 'finishedAt', 'endedAt', 'end', 'finished'),
    commit: str(m, 'git.commit', 'commit'),
    dirty: bool(m, 'git.dirty', 'dirty'),
    branch: str(m, 'branch', 'git.branch'),
    toolVersion: str(m, 'toolVersion', 'tool.version', 'specgateVersion'),
    fingerprint: str(m, 'signing.publicKeyFingerprint', 'signing.fingerprint'),
  };
  return {
    runId: str(m, 'runId', 'id') ?? 'unknown',
    featureSha: str(m, 'featureSha') ?? 'unknown',
    mode: str(m, 'mode') ?? 'unknown',
    status: str(m, 'status') ?? 'unknown',
    initiator,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ManifestFacts>),
    stages,
    artifacts: arr(m, 'artifacts').flatMap((a) => {
      const path = str(a, 'path');
      const sha256 = str(a, 'sha256', 'digest');
      const size = num(a, 'size');
      return path === undefined || sha256 === undefined ? [] : [{ path, sha256, ...(size === undefined ? {} : { size }) }];
    }),
    approvals: arr(m, 'approvals').map((a) => ({
      by: str(a, 'by', 'approver', 'approver.name', 'name') ?? 'unknown',
      at: str(a, 'at', 'time', 'approvedAt') ?? '',
      reason: str(a, 'reason', 'comment') ?? '',
    })),
  };
}

export interface CoverageFacts {
  readonly total?: number;
  readonly implemented?: number;
  readonly passed?: number;
  readonly passedPct?: number;
  readonly specThreshold?: number;
  /** null when the document says no code coverage was recorded; undefined when unrecognised. */
  readonly code?: { readonly pct: number | null; readonly threshold?: number; readonly file?: string } | null;
  readonly scenarios: readonly { readonly name: string; readonly feature: string; readonly file: string; readonly line: number | null; readonly status: string; readonly durationMs: number | null; readonly example: number | null }[];
}

export function coverageFacts(c: unknown): CoverageFacts {
  const total = num(c, 'totals.total', 'total', 'scenarios.total');
  const passed = num(c, 'totals.passed', 'passed', 'scenarios.passed');
  const implemented = num(c, 'totals.implemented', 'implemented', 'scenarios.implemented');
  const pct = num(c, 'percentPassed', 'passedPct', 'totals.percentPassed', 'totals.passedPct', 'percent');
  const threshold = num(c, 'specThreshold', 'threshold', 'gate.threshold');
  const codeObj = obj(c, 'code');
  let code: CoverageFacts['code'];
  if (isObject(c) && c.code === null) code = null;
  else if (codeObj !== undefined) {
    const codeThreshold = num(codeObj, 'threshold');
    const file = str(codeObj, 'file');
    code = {
      pct: num(codeObj, 'lines.pct', 'pct') ?? null,
      ...(codeThreshold === undefined ? {} : { threshold: codeThreshold }),
      ...(file === undefined ? {} : { file }),
    };
  }
  const list = arr(c, 'pickles', 'scenarios', 'scenarioResults');
  const derivedPct = pct ?? (total !== undefined && passed !== undefined && total > 0 ? (passed / total) * 100 : undefined);
  return {
    ...(total === undefined ? {} : { total }),
    ...(implemented === undefined ? {} : { implemented }),
    ...(passed === undefined ? {} : { passed }),
    ...(derivedPct === undefined ? {} : { passedPct: derivedPct }),
    ...(threshold === undefined ? {} : { specThreshold: threshold }),
    ...(code === undefined ? {} : { code }),
    scenarios: list.map((s) => ({
      name: str(s, 'scenario', 'name') ?? '?',
      feature: str(s, 'feature') ?? '',
      file: str(s, 'file', 'uri') ?? '',
      line: num(s, 'line') ?? null,
      status: str(s, 'status') ?? 'unknown',
      durationMs: num(s, 'durationMs') ?? null,
      example: num(s, 'example') ?? null,
    })),
  };
}

/** One row of the trend table from a run's manifest, spec coverage and deploy report (as recorded). */
export function trendRow(manifest: unknown, coverage: unknown, deploy: unknown): TrendRow {
  const m = manifestFacts(manifest);
  const c = coverage === undefined ? undefined : coverageFacts(coverage);
  const d = deploy === undefined ? undefined : deployFacts(deploy);
  return {
    runId: m.runId,
    status: m.status,
    mode: m.mode,
    codeCoveragePct: c?.code?.pct ?? null,
    specPassedPct: c?.passedPct ?? null,
    durationMs: spanMs(m.startedAt, m.finishedAt),
    deploy: d === undefined ? 'none' : d.succeeded === true ? 'success' : 'failure',
    retries: d === undefined ? null : Math.max(0, d.attempts - 1),
  };
}
