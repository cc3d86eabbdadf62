// Fault injection against a staging that already serves release v1: whatever v2 does, the right
// decision is taken, deploy-report.json says so accurately, and v1 — polled every 100 ms throughout —
// never fails a request.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { addRun, cleanup, lastReport, livePids, makeProject, poll, type PollResult, type TestProject } from '../fixtures/deploy/harness.js';
import { deployReportErrors } from '../fixtures/deploy/schema.js';

const V1 = '20260101000000';
const V2 = '20260101000100';
// Services expected to come up get a wide start-up window: on a loaded machine node itself can take
// seconds to start, and that must not turn "crashed" or "smoke-failed" into "unhealthy". Crashes
// are seen when the process exits, so the wide window costs nothing when things go right.
const WIDE_HEALTH = { health: '{ intervalSeconds: 0.2, timeoutSeconds: 1, healthyWithinSeconds: 30, stableSeconds: 1.5 }' };

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

/** Deploys healthy v1, then v2 (fixture `service`) while polling staging. */
async function deployOver(service: string, deploy: Record<string, string> = {}, beforeV2?: (p: TestProject) => void) {
  project = await makeProject(deploy);
  addRun(project.root, V1, 'healthy');
  const first = await project.cli(['deploy', V1]);
  expect(first.code, first.stderr).toBe(0);
  beforeV2?.(project);
  addRun(project.root, V2, service);
  const poller = poll(project.url);
  const second = await project.cli(['deploy', V2]);
  // Keep polling after the CLI exited: what serves now must keep answering.
  await pollsMore(poller, 5);
  const polled: PollResult = await poller.stop();
  const report = lastReport(project.root);
  // A deploy that threw writes no report: the newest one would then be v1's (previous: null).
  expect(report.release.releaseId, `no report for ${V2}; exit ${second.code}: ${second.stderr}`).toBe(V2);
  expect(deployReportErrors(report)).toEqual([]);
  expect(report.previous).toMatchObject({ releaseId: V1, runId: V1 });
  expect(polled.total).toBeGreaterThan(10);
  return { second, report, polled };
}

/** Waits (deadline, not a fixed sleep) until the poller got `n` more answers than it has now. */
async function pollsMore(poller: { answered(): number }, n: number): Promise<void> {
  const target = poller.answered() + n;
  await vi.waitFor(() => expect(poller.answered()).toBeGreaterThanOrEqual(target), { timeout: 30_000, interval: 50 });
}

const outcomes = (report: { attempts: { outcome: string }[] }) => report.attempts.map((a) => a.outcome);
const actions = (report: { attempts: { decision: { action: string } }[] }) => report.attempts.map((a) => a.decision.action);

async function expectServing(p: TestProject, release: string): Promise<void> {
  // The switch is acknowledged before the CLI exits; a loaded machine may still be answering the
  // request in flight, so wait (with a deadline) for staging itself to answer from `release`.
  await vi.waitFor(async () => {
    const res = await fetch(`${p.url}/healthz`, { signal: AbortSignal.timeout(2000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-specgate-release')).toBe(release);
  }, { timeout: 30_000, interval: 100 });
  const status = await p.cli(['status', '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ state: 'serving', healthy: true, serving: { releaseId: release } });
}

describe('deploy faults (previous release keeps serving)', () => {
  it('a release that never becomes healthy: 3 attempts, then rollback', async () => {
    const { second, report, polled } = await deployOver('never-healthy');
    expect(second.code).toBe(1);
    expect(outcomes(report)).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
    expect(actions(report)).toEqual(['retry', 'retry', 'roll-back']);
    expect(report.attempts[0].decision.waitSeconds).toBe(0.2);
    expect(report.attempts.every((a: { promoted: boolean }) => !a.promoted)).toBe(true);
    expect(report.attempts[0].healthSamples.some((s: { status: number }) => s.status === 503)).toBe(true);
    expect(report).toMatchObject({ success: false, rolledBack: true, final: { state: 'rolled-back', serving: { releaseId: V1 } } });
    expect(polled.failures).toEqual([]);
    expect(polled.releases).toEqual([V1]);
    await expectServing(project!, V1);
  });

  it('a release that becomes healthy on the second attempt is switched to', async () => {
    const { second, report, polled } = await deployOver('healthy-second-start', WIDE_HEALTH);
    expect(second.code, second.stderr).toBe(0);
    expect(outcomes(report)).toEqual(['crashed', 'succeeded']);
    expect(report.attempts[0].reason).toContain('exit code 3');
    expect(actions(report)).toEqual(['retry', 'declare-success']);
    expect(report).toMatchObject({ success: true, rolledBack: false, final: { state: 'serving-new-release', serving: { releaseId: V2 } } });
    expect(polled.failures).toEqual([]);
    expect(polled.releases[0]).toBe(V1);
    expect(polled.releases.at(-1)).toBe(V2);
    await expectServing(project!, V2);
    const state = JSON.parse(fs.readFileSync(path.join(project!.root, '.specgate/staging.json'), 'utf8'));
    expect(state.previous.releaseId).toBe(V1);
  });

  it('a release that crashes one second after passing its health check never gets traffic', async () => {
    const { second, report, polled } = await deployOver('crash-after-healthy', WIDE_HEALTH);
    expect(second.code).toBe(1);
    expect(outcomes(report)).toEqual(['crashed', 'crashed', 'crashed']);
    // It did pass once: the stable window is what caught it.
    expect(report.attempts[0].healthSamples.some((s: { ok: boolean }) => s.ok)).toBe(true);
    expect(report.attempts[0].reason).toContain('exit code 1');
    expect(report.final).toMatchObject({ state: 'rolled-back', serving: { releaseId: V1 } });
    expect(polled.failures).toEqual([]);
    expect(polled.releases).toEqual([V1]);
  });

  it('a release that exceeds its memory limit is stopped by the watchdog, with the reason recorded', async () => {
    const { second, report, polled } = await deployOver('memory-hog', { ...WIDE_HEALTH, retries: '1', resources: '{ limits: { cpu: 0.5, memoryMi: 100 } }' });
    expect(second.code).toBe(1);
    expect(outcomes(report)).toEqual(['memory-limit', 'memory-limit']);
    expect(report.attempts[0].reason).toMatch(/memory limit exceeded: RSS .* reached [\d.]+ Mi, limit 100\.0 Mi/);
    const usage = report.attempts[0].usage;
    expect(usage.peakRssMi).toBeGreaterThan(100);
    expect(usage.withinLimits).toMatchObject({ memory: false, all: false });
    expect(usage.stoppedFor).toContain('memory limit');
    expect(report.resources.limits).toEqual({ cpu: 0.5, memoryMi: 100 });
    expect(report.final).toMatchObject({ state: 'rolled-back', serving: { releaseId: V1 } });
    expect(polled.failures).toEqual([]);
    expect(polled.releases).toEqual([V1]);
  });

  it('a failing smoke test rolls back like a failed health check', async () => {
    const { second, report, polled } = await deployOver('healthy', WIDE_HEALTH, (p) => {
      fs.appendFileSync(path.join(p.root, 'specgate.yaml'), '  smoke: node smoke-fail.mjs\n');
    });
    expect(second.code).toBe(1);
    expect(outcomes(report)).toEqual(['smoke-failed', 'smoke-failed', 'smoke-failed']);
    expect(report.attempts.every((a: { promoted: boolean }) => a.promoted)).toBe(true);
    expect(report.attempts[0].smoke).toMatchObject({ command: 'node smoke-fail.mjs', exitCode: 1, passed: false });
    expect(report.policy.smoke).toBe('node smoke-fail.mjs');
    expect(report.final).toMatchObject({ state: 'rolled-back', serving: { releaseId: V1 } });
    // v2 was healthy while it took traffic for the smoke test; staging never failed a request.
    expect(polled.failures).toEqual([]);
    expect(polled.releases.at(-1)).toBe(V1);
    await expectServing(project!, V1);
  });

  it('Ctrl-C during a deploy exits 130, stops the candidate and leaves the previous release serving', async () => {
    project = await makeProject({ health: '{ intervalSeconds: 0.2, healthyWithinSeconds: 30, stableSeconds: 1 }' });
    addRun(project.root, V1, 'healthy');
    expect((await project.cli(['deploy', V1])).code).toBe(0);
    addRun(project.root, V2, 'never-healthy');
    const poller = poll(project.url);
    const child = spawn(process.execPath, [BIN, 'deploy', V2], { cwd: project.root, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupt once the candidate is running and being probed.
    const candidateLog = path.join(project.root, '.specgate/releases', `${V2}.log`);
    await vi.waitFor(() => expect(fs.existsSync(candidateLog)).toBe(true), { timeout: 30_000, interval: 50 });
    await pollsMore(poller, 3);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await pollsMore(poller, 5);
    const polled = await poller.stop();
    expect(polled.failures).toEqual([]);
    expect(polled.releases).toEqual([V1]);
    const candidateDir = fs.realpathSync(path.join(project.root, '.specgate/releases', V2));
    expect(livePids(candidateDir)).toEqual([]);
    await expectServing(project, V1);
  });
});
