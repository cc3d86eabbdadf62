// The attempt loop against a scripted DeployTarget (a fake behind the port): the order of target
// calls, what the report records, and that no candidate is left taking traffic on any path.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../adapters/clock.js';
import { DeployError } from '../../core/deploy/errors.js';
import type { Candidate, DeployTarget, ReadinessOutcome, ReleaseRef, ServingRelease } from '../../core/deploy/ports.js';
import type { ProcessRunner, ProcessSpec } from '../../core/ports.js';
import { runDeploy, type DeployPlan } from './attempts.js';

type Step = ReadinessOutcome | 'throw-start' | 'throw-unsafe';

class ScriptedTarget implements DeployTarget {
  readonly name = 'local' as const;
  readonly stagingUrl = 'http://127.0.0.1:9';
  readonly calls: string[] = [];
  constructor(
    private readonly steps: Step[],
    private readonly serving: ServingRelease | undefined,
  ) {}
  current() {
    this.calls.push('current');
    return Promise.resolve(this.serving);
  }
  start(release: ReleaseRef, attempt: number): Promise<Candidate> {
    this.calls.push(`start ${attempt}`);
    const step = this.steps[attempt - 1];
    if (step === 'throw-start') return Promise.reject(new Error('spawn failed'));
    if (step === 'throw-unsafe') return Promise.reject(new DeployError('RELEASE_UNSAFE', 'bad entry'));
    return Promise.resolve({ release, attempt, endpoint: `http://127.0.0.1:${1000 + attempt}` });
  }
  awaitHealthy(candidate: Candidate, onSample: Parameters<DeployTarget['awaitHealthy']>[1]): Promise<ReadinessOutcome> {
    this.calls.push(`await ${candidate.attempt}`);
    const step = this.steps[candidate.attempt - 1] as ReadinessOutcome;
    onSample({ time: '2026-01-01T00:00:00.000Z', elapsedMs: 0, status: step.kind === 'healthy' ? 200 : 503, latencyMs: 1, ok: step.kind === 'healthy' });
    return Promise.resolve(step);
  }
  promote(c: Candidate) {
    this.calls.push(`promote ${c.attempt}`);
    return Promise.resolve();
  }
  abandon(c: Candidate) {
    this.calls.push(`abandon ${c.attempt}`);
    return Promise.resolve();
  }
  finish(c: Candidate) {
    this.calls.push(`finish ${c.attempt}`);
    return Promise.resolve();
  }
  usage() {
    return Promise.resolve({ windowSeconds: 2, samples: 20, peakRssBytes: 50 * 1024 * 1024, cpuMean: 0.05, cpuPeak: 0.1 });
  }
  clear() {
    this.calls.push('clear');
    return Promise.resolve();
  }
}

function smokeRunner(exitCodes: number[]): ProcessRunner & { specs: ProcessSpec[] } {
  const specs: ProcessSpec[] = [];
  return {
    specs,
    run(spec) {
      specs.push(spec);
      return Promise.resolve({ exitCode: exitCodes.shift() ?? 0, signal: null, stdout: '', stderr: '', durationMs: 5, timedOut: false, aborted: false });
    },
  };
}

const release = { releaseId: 'r2', runId: '20260101000100', featureSha: '0123456789ab', artifact: 'release.tar.gz', sha256: 'a'.repeat(64) };
const v1: ServingRelease = { releaseId: 'r1', runId: '20260101000000', featureSha: '0123456789ab', since: '2026-01-01T00:00:00Z' };
const healthy: ReadinessOutcome = { kind: 'healthy', reason: 'ok' };
const unhealthy: ReadinessOutcome = { kind: 'unhealthy', reason: 'HTTP 503' };

function plan(target: DeployTarget, extra: Partial<DeployPlan> = {}): DeployPlan {
  return {
    target,
    release,
    retries: 2,
    retryIntervalSeconds: 0,
    health: { path: '/healthz', expectStatus: 200, timeoutSeconds: 1, intervalSeconds: 1, healthyWithinSeconds: 5, stableSeconds: 0 },
    resources: { requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, source: 'config' },
    ...extra,
  };
}

const deps = (processes: ProcessRunner = smokeRunner([])) => ({ clock: fixedClock('2026-01-01T00:00:00Z'), processes });

describe('runDeploy', () => {
  it('switches only after health, then finishes (retires the previous release)', async () => {
    const target = new ScriptedTarget([healthy], v1);
    const report = await runDeploy(plan(target), deps());
    expect(target.calls).toEqual(['current', 'start 1', 'await 1', 'promote 1', 'finish 1']);
    expect(report).toMatchObject({ success: true, previous: { releaseId: 'r1' }, final: { state: 'serving-new-release', serving: { releaseId: 'r2' } } });
    expect(report.resources.measured).toMatchObject({ peakRssMi: 50, withinLimits: { all: true } });
  });

  it('abandons every failed candidate and never promotes an unhealthy one', async () => {
    const target = new ScriptedTarget([unhealthy, { kind: 'crashed', reason: 'exit 1' }, healthy], v1);
    const report = await runDeploy(plan(target), deps());
    expect(target.calls).toEqual(['current', 'start 1', 'await 1', 'abandon 1', 'start 2', 'await 2', 'abandon 2', 'start 3', 'await 3', 'promote 3', 'finish 3']);
    expect(report.attempts.map((a) => [a.outcome, a.decision.action])).toEqual([
      ['unhealthy', 'retry'],
      ['crashed', 'retry'],
      ['succeeded', 'declare-success'],
    ]);
  });

  it('a smoke failure after the switch abandons (switches back) and counts as a failed attempt', async () => {
    const processes = smokeRunner([1, 1, 1]);
    const target = new ScriptedTarget([healthy, healthy, healthy], v1);
    const report = await runDeploy(plan(target, { smoke: { command: 'npm run smoke', timeoutSeconds: 5, cwd: '/p', env: { A: 'b' } } }), deps(processes));
    expect(target.calls.filter((c) => c.startsWith('promote') || c.startsWith('abandon'))).toEqual(['promote 1', 'abandon 1', 'promote 2', 'abandon 2', 'promote 3', 'abandon 3']);
    expect(report).toMatchObject({ success: false, rolledBack: true, final: { state: 'rolled-back', serving: { releaseId: 'r1' } } });
    expect(processes.specs[0]).toMatchObject({ command: 'npm run smoke', shell: true, env: { A: 'b', STAGING_URL: 'http://127.0.0.1:9' } });
    expect(report.attempts[0]!.smoke).toMatchObject({ exitCode: 1, passed: false });
  });

  it('a start that throws is a start-failed attempt; a first deploy that fails clears the target', async () => {
    const target = new ScriptedTarget(['throw-start'], undefined);
    const report = await runDeploy(plan(target, { retries: 0 }), deps());
    expect(report.attempts[0]).toMatchObject({ outcome: 'start-failed', reason: 'spawn failed', endpoint: null });
    expect(report.final.state).toBe('nothing-serving');
    expect(target.calls.at(-1)).toBe('clear');
  });

  it('an unsafe release stops the deploy with its typed error and clears a target that served nothing', async () => {
    const target = new ScriptedTarget(['throw-unsafe'], undefined);
    await expect(runDeploy(plan(target), deps())).rejects.toMatchObject({ code: 'RELEASE_UNSAFE' });
    expect(target.calls).toEqual(['current', 'start 1', 'clear']);
  });

  it('refuses to redeploy the release that already serves', async () => {
    const target = new ScriptedTarget([healthy], { ...v1, releaseId: 'r2' });
    await expect(runDeploy(plan(target), deps())).rejects.toThrow(/already serves/);
  });

  it('an interrupt while waiting to retry ends with InterruptedError and the candidate abandoned', async () => {
    const controller = new AbortController();
    const target = new ScriptedTarget([unhealthy, healthy], v1);
    const pending = runDeploy(plan(target, { retryIntervalSeconds: 30 }), { ...deps(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(target.calls).toEqual(['current', 'start 1', 'await 1', 'abandon 1']);
  });
});
