// What a deploy report says: attempts with their health samples, the final state, rollback, and the
// measured usage against the limits. Tolerates the documented names and a few aliases.
import { arr, bool, num, obj, str } from './read.js';

export interface DeployFacts {
  readonly attempts: number;
  readonly succeeded: boolean | undefined;
  readonly rolledBack: boolean | undefined;
  readonly finalState: string;
  readonly healthSamples: number;
  readonly healthyFraction: number | null;
  /** MiB; read from `peakRssMi`, or deploy-report v1's `peakRssMb` (same unit, older name). */
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
    // deploy-report v2 renamed peakRssMb to peakRssMi (the unit it always was): read both.
    peakRssMi: num(d, 'resources.measured.peakRssMi', 'resources.measured.peakRssMb', 'measured.peakRssMi', 'measured.peakRssMb'),
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
