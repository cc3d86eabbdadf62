// The attempt loop shared by every deploy target: start beside what serves, wait for health, switch,
// smoke, and let the pure policy decide — retry after the interval, declare success, or roll back.
// Every step lands in the deploy report with its reason.
import { setTimeout as sleep } from 'node:timers/promises';
import { DeployError } from '../../core/deploy/errors.js';
import type { HealthPolicy, HealthSample } from '../../core/deploy/health.js';
import { decideAfterAttempt, type AttemptOutcomeKind, type AttemptSummary } from '../../core/deploy/policy.js';
import type { Candidate, DeployTarget, ReleaseRef } from '../../core/deploy/ports.js';
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
  const { clock } = deps;
  const log = deps.log ?? (() => undefined);
  const startedAt = clock.now().toISOString();
  const previous = (await target.current()) ?? null;
  if (previous?.releaseId === release.releaseId) {
    throw new DeployError('ALREADY_SERVING', `release ${release.releaseId} already serves staging`, { hint: 'nothing to do; deploy another run, or `specgate rollback`' });
  }
  log(previous === null ? 'nothing serves staging yet' : `staging serves ${previous.releaseId} (run ${previous.runId}) since ${previous.since}`);
  const attempts: AttemptRecord[] = [];
  const summaries: AttemptSummary[] = [];
  for (let number = 1; ; number += 1) {
    const attemptStart = clock.now().toISOString();
    const samples: HealthSample[] = [];
    let candidate: Candidate | undefined;
    let outcome: AttemptOutcomeKind = 'start-failed';
    let reason = 'the release did not start';
    let promoted = false;
    let smoke: SmokeResult | null = null;
    let usage: MeasuredUsage | null = null;
    log(`attempt ${number}: starting ${release.releaseId}`);
    try {
      try {
        candidate = await target.start(release, number);
      } catch (error) {
        // A bad archive will not get better on retry: stop here with the typed error.
        // So will a supervisor that cannot hold the staging port.
        if (error instanceof DeployError) throw error;
        outcome = 'start-failed';
        reason = error instanceof Error ? error.message : String(error);
      }
      if (candidate !== undefined) {
        const readiness = await target.awaitHealthy(candidate, (s) => {
          samples.push(s);
          log(`  health ${s.time} ${s.status ?? s.error ?? 'no response'} ${s.latencyMs} ms`);
        });
        if (readiness.kind === 'healthy') {
          await target.promote(candidate);
          promoted = true;
          log(`attempt ${number}: healthy, staging switched to ${release.releaseId}`);
          smoke = await runSmoke(plan, deps);
          if (smoke !== null && !smoke.passed) {
            outcome = 'smoke-failed';
            reason = smokeReason(smoke);
          } else {
            outcome = 'succeeded';
            reason = smoke === null ? 'no smoke command is configured' : `smoke command passed in ${smoke.durationMs} ms`;
          }
        } else {
          outcome = readiness.kind;
          reason = readiness.reason;
        }
        const measurement = await target.usage(candidate);
        usage = measurement === undefined ? null : compareWithLimits(measurement, plan.resources.limits);
        if (outcome !== 'succeeded') {
          await target.abandon(candidate);
          log(`attempt ${number}: ${outcome}: ${reason}`);
        }
      }
    } catch (error) {
      // Interrupted or broken mid-attempt: never leave a half-started candidate taking traffic,
      // nor a supervisor holding the staging port with nothing to serve.
      if (candidate !== undefined) await target.abandon(candidate).catch(() => undefined);
      if (previous === null) await target.clear().catch(() => undefined);
      if (deps.signal?.aborted) throw new InterruptedError('deploy interrupted', { cause: error });
      throw error;
    }
    const summary: AttemptSummary = { number, outcome, reason };
    summaries.push(summary);
    const decision = decideAfterAttempt({ retries: plan.retries, retryIntervalSeconds: plan.retryIntervalSeconds }, summaries, previous?.releaseId);
    attempts.push({
      number,
      startedAt: attemptStart,
      finishedAt: clock.now().toISOString(),
      endpoint: candidate?.endpoint ?? null,
      outcome: summary.outcome,
      reason: summary.reason,
      healthSamples: samples,
      promoted,
      smoke,
      usage,
      decision,
    });
    log(`decision: ${decision.action}: ${decision.reason}`);
    if (decision.action === 'retry') {
      try {
        await sleep(decision.waitSeconds * 1000, undefined, deps.signal ? { signal: deps.signal } : {});
      } catch (error) {
        throw new InterruptedError('deploy interrupted while waiting to retry', { cause: error });
      }
      continue;
    }
    if (decision.action === 'declare-success' && candidate !== undefined) await target.finish(candidate);
    if (decision.action === 'nothing-serving') await target.clear();
    return {
      schemaVersion: DEPLOY_REPORT_SCHEMA_VERSION,
      target: target.name,
      release,
      startedAt,
      finishedAt: clock.now().toISOString(),
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
}
