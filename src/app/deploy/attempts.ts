// The attempt loop shared by every deploy target: start beside what serves, wait for health, switch,
// smoke, and let the pure policy decide — retry after the interval, declare success, or roll back.
// Every step lands in the deploy report with its reason.
import { setTimeout as sleep } from 'node:timers/promises';
import { DeployError } from '../../core/deploy/errors.js';
import type { HealthPolicy, HealthSample } from '../../core/deploy/health.js';
import { decideAfterAttempt, type AttemptOutcomeKind, type AttemptSummary } from '../../core/deploy/policy.js';
import type { Candidate, DeployTarget, ReleaseRef, ServingRelease } from '../../core/deploy/ports.js';
import { DEPLOY_REPORT_SCHEMA_VERSION, finalFromDecision, reportUsage, type AttemptRecord, type DeployReport, type SmokeResult } from '../../core/deploy/report.js';
import { compareWithLimits, type MeasuredUsage, type ResourceSettings } from '../../core/deploy/resources.js';
import { InterruptedError } from '../../core/errors.js';
import type { Clock, ProcessRunner } from '../../core/ports.js';

export interface DeployPlan {
  readonly target: DeployTarget;
  readonly release: ReleaseRef & { readonly artifact: string; readonly sha256: string };
  readonly retries: number;
  readonly retryIntervalSeconds: number;
  readonly health: HealthPolicy;
  readonly smoke?: { readonly command: string; readonly timeoutSeconds: number; readonly cwd: string; readonly env: Readonly<Record<string, string>> };
  readonly resources: ResourceSettings;
}

export interface DeployDeps {
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly signal?: AbortSignal;
  /** One line per step, for progress output. */
  readonly log?: (message: string) => void;
}

async function runSmoke(plan: DeployPlan, deps: DeployDeps): Promise<SmokeResult | null> {
  if (plan.smoke === undefined) return null;
  const result = await deps.processes.run({
    command: plan.smoke.command,
    shell: true,
    cwd: plan.smoke.cwd,
    env: { ...plan.smoke.env, STAGING_URL: plan.target.stagingUrl },
    timeoutMs: plan.smoke.timeoutSeconds * 1000,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  return {
    command: plan.smoke.command,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    durationMs: Math.round(result.durationMs),
    passed: result.exitCode === 0 && !result.timedOut,
  };
}

function smokeReason(smoke: SmokeResult): string {
  if (smoke.timedOut) return `smoke command timed out after ${Math.round(smoke.durationMs / 1000)} s`;
  return `smoke command exited with ${smoke.exitCode === null ? `signal ${smoke.signal ?? '?'}` : `code ${smoke.exitCode}`}`;
}

/** Runs one deploy to the end and returns its report. Throws only when it cannot start at all. */
export async function runDeploy(plan: DeployPlan, deps: DeployDeps): Promise<DeployReport> {
  const { target, release } = plan;
  const log = deps.log ?? (() => undefined);
  const startedAt = deps.clock.now().toISOString();
  const previous = (await target.current()) ?? null;
  if (previous?.releaseId === release.releaseId) {
    throw new DeployError('ALREADY_SERVING', `release ${release.releaseId} already serves staging`, { hint: 'nothing to do; deploy another run, or `specgate rollback`' });
  }
  log(previous === null ? 'nothing serves staging yet' : `staging serves ${previous.releaseId} (run ${previous.runId}) since ${previous.since}`);
  const attempts: AttemptRecord[] = [];
  const summaries: AttemptSummary[] = [];
  for (let number = 1; ; number += 1) {
    const attemptStart = deps.clock.now().toISOString();
    const attempt = await runAttempt(plan, deps, number, previous, log);
    const summary: AttemptSummary = { number, outcome: attempt.outcome, reason: attempt.reason };
    summaries.push(summary);
    const decision = decideAfterAttempt({ retries: plan.retries, retryIntervalSeconds: plan.retryIntervalSeconds }, summaries, previous?.releaseId);
    attempts.push({
      number,
      startedAt: attemptStart,
      finishedAt: deps.clock.now().toISOString(),
      endpoint: attempt.candidate?.endpoint ?? null,
      outcome: summary.outcome,
      reason: summary.reason,
      healthSamples: attempt.samples,
      promoted: attempt.promoted,
      smoke: attempt.smoke,
      usage: attempt.usage,
      decision,
    });
    log(`decision: ${decision.action}: ${decision.reason}`);
    if (decision.action === 'retry') {
      await waitToRetry(decision.waitSeconds, deps.signal);
      continue;
    }
    if (decision.action === 'declare-success' && attempt.candidate !== undefined) await target.finish(attempt.candidate);
    if (decision.action === 'nothing-serving') await target.clear();
    return deployReport(plan, { startedAt, finishedAt: deps.clock.now().toISOString(), previous, attempts, decision });
  }
}

/** What one attempt found; `outcome` starts as start-failed and improves as the steps pass. */
interface Attempt {
  candidate: Candidate | undefined;
  outcome: AttemptOutcomeKind;
  reason: string;
  promoted: boolean;
  smoke: SmokeResult | null;
  usage: MeasuredUsage | null;
  readonly samples: HealthSample[];
}

type Previous = ServingRelease | null;

/** Start, wait for health, switch, smoke, measure; a failed candidate is abandoned before returning. */
async function runAttempt(plan: DeployPlan, deps: DeployDeps, number: number, previous: Previous, log: (message: string) => void): Promise<Attempt> {
  const { target, release } = plan;
  const attempt: Attempt = { candidate: undefined, outcome: 'start-failed', reason: 'the release did not start', promoted: false, smoke: null, usage: null, samples: [] };
  log(`attempt ${number}: starting ${release.releaseId}`);
  try {
    try {
      attempt.candidate = await target.start(release, number);
    } catch (error) {
      // A bad archive will not get better on retry: stop here with the typed error.
      // So will a supervisor that cannot hold the staging port.
      if (error instanceof DeployError) throw error;
      attempt.reason = error instanceof Error ? error.message : String(error);
    }
    if (attempt.candidate !== undefined) await checkCandidate(plan, deps, number, attempt.candidate, attempt, log);
  } catch (error) {
    // Interrupted or broken mid-attempt: never leave a half-started candidate taking traffic,
    // nor a supervisor holding the staging port with nothing to serve.
    if (attempt.candidate !== undefined) await target.abandon(attempt.candidate).catch(() => undefined);
    if (previous === null) await target.clear().catch(() => undefined);
    if (deps.signal?.aborted) throw new InterruptedError('deploy interrupted', { cause: error });
    throw error;
  }
  return attempt;
}

async function checkCandidate(plan: DeployPlan, deps: DeployDeps, number: number, candidate: Candidate, attempt: Attempt, log: (message: string) => void): Promise<void> {
  const { target, release } = plan;
  const readiness = await target.awaitHealthy(candidate, (s) => {
    attempt.samples.push(s);
    log(`  health ${s.time} ${s.status ?? s.error ?? 'no response'} ${s.latencyMs} ms`);
  });
  if (readiness.kind === 'healthy') {
    await target.promote(candidate);
    attempt.promoted = true;
    log(`attempt ${number}: healthy, staging switched to ${release.releaseId}`);
    attempt.smoke = await runSmoke(plan, deps);
    if (attempt.smoke !== null && !attempt.smoke.passed) {
      attempt.outcome = 'smoke-failed';
      attempt.reason = smokeReason(attempt.smoke);
    } else {
      attempt.outcome = 'succeeded';
      attempt.reason = attempt.smoke === null ? 'no smoke command is configured' : `smoke command passed in ${attempt.smoke.durationMs} ms`;
    }
  } else {
    attempt.outcome = readiness.kind;
    attempt.reason = readiness.reason;
  }
  const measurement = await target.usage(candidate);
  attempt.usage = measurement === undefined ? null : compareWithLimits(measurement, plan.resources.limits);
  if (attempt.outcome !== 'succeeded') {
    await target.abandon(candidate);
    log(`attempt ${number}: ${attempt.outcome}: ${attempt.reason}`);
  }
}

async function waitToRetry(waitSeconds: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(waitSeconds * 1000, undefined, signal ? { signal } : {});
  } catch (error) {
    throw new InterruptedError('deploy interrupted while waiting to retry', { cause: error });
  }
}

function deployReport(
  plan: DeployPlan,
  run: { readonly startedAt: string; readonly finishedAt: string; readonly previous: Previous; readonly attempts: AttemptRecord[]; readonly decision: AttemptRecord['decision'] },
): DeployReport {
  const { target, release } = plan;
  const { previous, attempts, decision } = run;
  return {
    schemaVersion: DEPLOY_REPORT_SCHEMA_VERSION,
    target: target.name,
    release,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    stagingUrl: target.stagingUrl,
    policy: { retries: plan.retries, retryIntervalSeconds: plan.retryIntervalSeconds, health: plan.health, smoke: plan.smoke?.command ?? null },
    resources: { requests: plan.resources.requests, limits: plan.resources.limits, source: plan.resources.source, measured: reportUsage(attempts) },
    previous,
    attempts,
    decision,
    success: decision.action === 'declare-success',
    rolledBack: decision.action === 'roll-back',
    final: finalFromDecision(decision, release, previous),
  };
}
