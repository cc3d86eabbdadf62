// Reads the facts the report states out of each evidence document. Each reader tolerates the
// documented field names and a few obvious aliases, and says "unrecognised" rather than guess.
import { arr, bool, isObject, num, obj, spanMs, str } from './read.js';
import type { TrendRow } from './model.js';

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
  readonly scenarios: readonly { readonly name: string; readonly file: string; readonly line: number | null; readonly status: string; readonly durationMs: number | null; readonly example: number | null }[];
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
      file: str(s, 'file', 'uri') ?? '',
      line: num(s, 'line') ?? null,
      status: str(s, 'status') ?? 'unknown',
      durationMs: num(s, 'durationMs') ?? null,
      example: num(s, 'example') ?? null,
    })),
  };
}

export interface DeployFacts {
  readonly attempts: number;
  readonly succeeded: boolean | undefined;
  readonly rolledBack: boolean | undefined;
  readonly finalState: string;
  readonly healthSamples: number;
  readonly healthyFraction: number | null;
  /** MiB; read from `peakRssMi`, or v1's `peakRssMb` (same unit, older name). */
  readonly peakRssMi?: number;
  readonly cpuPeak?: number;
  readonly cpuMean?: number;
  readonly memoryLimitMi?: number;
  readonly cpuLimit?: number;
  readonly attemptRows: readonly { readonly n: number; readonly outcome: string; readonly reason: string; readonly decision: string; readonly samples: readonly { readonly time: string; readonly status: string; readonly ok: boolean; readonly latencyMs: number | null }[] }[];
}

export function deployFacts(d: unknown): DeployFacts {
  const attempts = arr(d, 'attempts');
  const attemptRows = attempts.map((a, i) => ({
    n: num(a, 'attempt', 'n', 'number') ?? i + 1,
    outcome: str(a, 'outcome', 'result', 'status') ?? 'unknown',
    reason: str(a, 'reason', 'decision.reason', 'error') ?? '',
    decision: str(a, 'decision.action') ?? '',
    samples: arr(a, 'healthSamples', 'samples', 'health').map((s) => {
      const code = num(s, 'status', 'statusCode');
      return { time: str(s, 'time', 'at') ?? '', status: code === undefined ? (str(s, 'error', 'status') ?? 'no response') : String(code), ok: bool(s, 'ok') ?? (code !== undefined && code >= 200 && code < 300), latencyMs: num(s, 'latencyMs', 'latency') ?? null };
    }),
  }));
  const samples = attemptRows.flatMap((a) => a.samples);
  const healthy = samples.filter((s) => s.ok).length;
  const finalState = str(d, 'final.state', 'finalState', 'finalState.state', 'state') ?? 'unknown';
  const rolledBack = bool(d, 'rolledBack', 'rollback.performed', 'rollback.done') ?? (obj(d, 'rollback') === undefined ? undefined : true);
  const succeeded = bool(d, 'success', 'succeeded') ?? (finalState === 'unknown' ? undefined : /^(success|healthy|serving|deployed|serving-new-release)$/.test(finalState));
  const measured = {
    peakRssMi: num(d, 'resources.measured.peakRssMi', 'measured.peakRssMi', 'resources.measured.peakRssMb', 'measured.peakRssMb'),
    cpuPeak: num(d, 'resources.measured.cpuPeak', 'measured.cpuPeak', 'measured.cpu.peak'),
    cpuMean: num(d, 'resources.measured.cpuMean', 'measured.cpuMean', 'measured.cpu.mean'),
    memoryLimitMi: num(d, 'resources.measured.limits.memoryMi', 'resources.limits.memoryMi', 'limits.memoryMi'),
    cpuLimit: num(d, 'resources.measured.limits.cpu', 'resources.limits.cpu', 'limits.cpu'),
  };
  return {
    attempts: attempts.length,
    succeeded,
    rolledBack,
    finalState,
    healthSamples: samples.length,
    healthyFraction: samples.length === 0 ? null : healthy / samples.length,
    ...(Object.fromEntries(Object.entries(measured).filter(([, v]) => v !== undefined)) as Partial<DeployFacts>),
    attemptRows,
  };
}

export interface SarifFacts {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  readonly tools: readonly string[];
  readonly results: readonly { readonly level: string; readonly ruleId: string; readonly message: string; readonly file: string; readonly line: number | null }[];
}

export function sarifFacts(s: unknown): SarifFacts {
  const counts = { error: 0, warning: 0, note: 0 };
  const tools: string[] = [];
  const results: SarifFacts['results'][number][] = [];
  for (const run of arr(s, 'runs')) {
    tools.push(str(run, 'tool.driver.name') ?? '?');
    for (const r of arr(run, 'results')) {
      // SARIF §3.27.10: an absent level means "warning".
      const level = str(r, 'level') ?? 'warning';
      if (level === 'error' || level === 'warning' || level === 'note') counts[level] += 1;
      const loc = arr(r, 'locations')[0];
      results.push({
        level,
        ruleId: str(r, 'ruleId') ?? '?',
        message: str(r, 'message.text') ?? '',
        file: str(loc, 'physicalLocation.artifactLocation.uri') ?? '',
        line: num(loc, 'physicalLocation.region.startLine') ?? null,
      });
    }
  }
  return { ...counts, tools: [...new Set(tools)].sort(), results };
}

export function sbomComponents(s: unknown): readonly { readonly name: string; readonly version: string; readonly purl: string; readonly license: string }[] {
  return arr(s, 'components').map((c) => ({
    name: [str(c, 'group'), str(c, 'name')].filter((x) => x !== undefined && x !== '').join('/') || '?',
    version: str(c, 'version') ?? '',
    purl: str(c, 'purl') ?? '',
    license: arr(c, 'licenses').map((l) => str(l, 'license.id', 'license.name', 'expression') ?? '').filter((x) => x !== '').join(', '),
  }));
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
