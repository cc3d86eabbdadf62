// The deploy decisions (retry? roll back? declare success?) as one pure function of the policy and
// what happened so far, so they can be tested on their own and read in the report with their reason.

export type AttemptOutcomeKind = 'succeeded' | 'unhealthy' | 'crashed' | 'memory-limit' | 'smoke-failed' | 'start-failed';

export interface AttemptSummary {
  readonly number: number;
  readonly outcome: AttemptOutcomeKind;
  readonly reason: string;
}

export interface RetryPolicy {
  /** Further attempts after the first fails (the original report: 2). */
  readonly retries: number;
  readonly retryIntervalSeconds: number;
}

export type DeployDecision =
  | { readonly action: 'declare-success'; readonly reason: string }
  | { readonly action: 'retry'; readonly reason: string; readonly waitSeconds: number; readonly nextAttempt: number }
  | { readonly action: 'roll-back'; readonly reason: string; readonly servingRelease: string }
  | { readonly action: 'nothing-serving'; readonly reason: string };

/**
 * Decides what follows the latest attempt. `previousRelease` is what served staging before this
 * deploy started (recorded before any switch, so a rollback always has a target).
 */
export function decideAfterAttempt(policy: RetryPolicy, attempts: readonly AttemptSummary[], previousRelease: string | undefined): DeployDecision {
  const last = attempts.at(-1);
  if (last === undefined) throw new RangeError('decideAfterAttempt needs at least one attempt');
  if (last.outcome === 'succeeded') {
    return { action: 'declare-success', reason: `attempt ${last.number} passed its health check${last.reason ? ` and ${last.reason}` : ''}` };
  }
  const allowed = 1 + policy.retries;
  if (attempts.length < allowed) {
    return {
      action: 'retry',
      reason: `attempt ${last.number} failed (${last.outcome}: ${last.reason}); ${allowed - attempts.length} of ${policy.retries} retries left`,
      waitSeconds: policy.retryIntervalSeconds,
      nextAttempt: last.number + 1,
    };
  }
  const spent = `all ${allowed} attempt(s) failed, the last with ${last.outcome}: ${last.reason}`;
  if (previousRelease !== undefined) {
    return { action: 'roll-back', reason: `${spent}; release ${previousRelease} keeps serving staging`, servingRelease: previousRelease };
  }
  return { action: 'nothing-serving', reason: `${spent}; there is no previous release to roll back to, so nothing serves staging` };
}
