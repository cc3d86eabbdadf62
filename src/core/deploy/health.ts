// When is a candidate healthy? Pure: the local target feeds it the samples it took and the time;
// it answers healthy, keep waiting, or give up, with the reason the report records.

export interface HealthSample {
  /** ISO-8601 UTC time the request was sent. */
  readonly time: string;
  /** Milliseconds since the candidate started (monotonic), used for the windows below. */
  readonly elapsedMs: number;
  /** HTTP status, or null when no response came (refused, reset, timed out). */
  readonly status: number | null;
  readonly latencyMs: number;
  readonly ok: boolean;
  readonly error?: string;
}

export interface HealthPolicy {
  readonly path: string;
  readonly expectStatus: number;
  readonly timeoutSeconds: number;
  readonly intervalSeconds: number;
  /** The candidate must pass within this long after it started. */
  readonly healthyWithinSeconds: number;
  /**
   * After its first pass the candidate must keep passing this long before traffic moves to it, so a
   * service that answers once and then dies never takes staging.
   */
  readonly stableSeconds: number;
}

export type HealthVerdict =
  | { readonly state: 'healthy'; readonly reason: string }
  | { readonly state: 'pending' }
  | { readonly state: 'unhealthy'; readonly reason: string };

export function isPassing(status: number | null, policy: Pick<HealthPolicy, 'expectStatus'>): boolean {
  return status === policy.expectStatus;
}

/** Judges the samples so far (in the order taken) at `elapsedMs` after the candidate started. */
export function assessHealth(samples: readonly HealthSample[], policy: HealthPolicy, elapsedMs: number): HealthVerdict {
  // The current run of consecutive passing samples decides; any failure restarts it.
  let runStart: HealthSample | undefined;
  for (const sample of samples) runStart = sample.ok ? (runStart ?? sample) : undefined;
  const last = samples.at(-1);
  if (runStart !== undefined && last !== undefined && last.elapsedMs - runStart.elapsedMs >= policy.stableSeconds * 1000) {
    const passes = samples.filter((s) => s.elapsedMs >= runStart.elapsedMs).length;
    return {
      state: 'healthy',
      reason: `GET ${policy.path} answered ${policy.expectStatus} ${passes} time(s) in a row over ${((last.elapsedMs - runStart.elapsedMs) / 1000).toFixed(1)} s (stable window ${policy.stableSeconds} s)`,
    };
  }
  if (elapsedMs < policy.healthyWithinSeconds * 1000) return { state: 'pending' };
  const failures = samples.filter((s) => !s.ok);
  const lastFailure = failures.at(-1);
  const seen = lastFailure === undefined ? 'no sample failed' : `last failure: ${lastFailure.status === null ? (lastFailure.error ?? 'no response') : `HTTP ${lastFailure.status}`}`;
  return {
    state: 'unhealthy',
    reason:
      !samples.some((s) => s.ok)
        ? `GET ${policy.path} did not answer ${policy.expectStatus} within ${policy.healthyWithinSeconds} s (${samples.length} samples, ${seen})`
        : `GET ${policy.path} passed but did not stay healthy for ${policy.stableSeconds} s within ${policy.healthyWithinSeconds} s (${seen})`,
  };
}
