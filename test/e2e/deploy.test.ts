// `specgate deploy` / `status` / `stop` end to end: the real CLI, a real detached supervisor and
// proxy, real service processes from test/fixtures/deploy/services.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addRun, cleanup, FEATURE_SHA, lastReport, livePids, makeProject, readJson, type TestProject } from '../fixtures/deploy/harness.js';
import { deployReportErrors } from '../fixtures/deploy/schema.js';

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

describe('specgate deploy (local target)', () => {
  it('deploys the latest run, keeps serving after the CLI exits, and reports status, usage and limits', async () => {
    project = await makeProject();
    addRun(project.root, '20260101000000', 'healthy');
    const deployed = await project.cli(['deploy']);
    expect(deployed.stderr).toContain('attempt 1: healthy');
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toContain(`staging: ${project.url} serves 20260101000000`);

    // The CLI has exited; the supervisor and the service still serve staging.
    const res = await fetch(`${project.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-specgate-release')).toBe('20260101000000');
    expect(((await res.json()) as { release: string }).release).toBe('20260101000000');

    const report = lastReport(project.root);
    expect(deployReportErrors(report)).toEqual([]);
    expect(report).toMatchObject({ success: true, rolledBack: false, previous: null, final: { state: 'serving-new-release', serving: { runId: '20260101000000', featureSha: FEATURE_SHA } } });
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0].healthSamples.filter((s: { ok: boolean }) => s.ok).length).toBeGreaterThanOrEqual(2);
    const usage = report.resources.measured;
    expect(usage.peakRssMi).toBeGreaterThan(10);
    expect(usage.limits).toEqual({ cpu: 0.5, memoryMi: 512 });
    expect(usage.withinLimits.memory).toBe(usage.peakRssMi <= 512);
    expect(usage.withinLimits.cpu).toBe(usage.cpuPeak <= 0.5);

    const estimates = readJson(path.join(path.dirname(path.join(project.root, '.specgate/deploys', fs.readdirSync(path.join(project.root, '.specgate/deploys'))[0]!, 'x')), 'resource-estimates.json'));
    expect(estimates.totals.cpu.peak).toBe(0.25);
    expect(estimates.measured).toMatchObject({ releaseId: '20260101000000', peakRssMi: usage.peakRssMi, declaredPeak: { cpu: 0.25, memoryMi: 256 } });

    const status = await project.cli(['status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout);
    expect(parsed).toMatchObject({ state: 'serving', healthy: true, serving: { releaseId: '20260101000000', runId: '20260101000000', featureSha: FEATURE_SHA, health: { status: 200 } } });
    expect(new Date(parsed.serving.since).getTime()).toBeGreaterThan(0);

    const state = readJson(path.join(project.root, '.specgate/staging.json'));
    expect(state.serving.releaseId).toBe('20260101000000');
    expect(fs.statSync(path.join(project.root, '.specgate')).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(project.root, '.specgate/supervisor.sock')).mode & 0o077).toBe(0);

    const stopped = await project.cli(['stop']);
    expect(stopped.stdout).toContain('staging stopped');
    expect(livePids(project.root)).toEqual([]);
    const after = await project.cli(['status']);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('nothing serving');
  });

  it('restarts the serving release when it crashes after the deploy', async () => {
    project = await makeProject();
    addRun(project.root, '20260101000000', 'healthy');
    expect((await project.cli(['deploy'])).code).toBe(0);
    const before = readJson(path.join(project.root, '.specgate/staging.json')).serving;
    process.kill(-before.pid, 'SIGKILL'); // the whole service process group, as a crash would
    let after: { pid: number; restarts?: number } | undefined;
    for (let i = 0; i < 100; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      const status = await project.cli(['status', '--json']);
      const parsed = JSON.parse(status.stdout);
      if (status.code === 0 && parsed.serving.restarts === 1) {
        after = parsed.serving;
        break;
      }
    }
    expect(after).toBeDefined();
    expect(after!.pid).not.toBe(before.pid);
    expect((await fetch(`${project.url}/healthz`)).status).toBe(200);
    const log = fs.readFileSync(path.join(project.root, '.specgate/supervisor.log'), 'utf8');
    expect(log).toContain('"event":"service-exited"');
    expect(log).toContain('"event":"service-restarted"');
  });

  it('a failing first deploy leaves nothing serving, says so clearly, and leaves no process behind', async () => {
    project = await makeProject({ retries: '1' });
    addRun(project.root, '20260101000000', 'never-healthy');
    const result = await project.cli(['deploy', '20260101000000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('deploy failed');
    const report = lastReport(project.root);
    expect(deployReportErrors(report)).toEqual([]);
    expect(report.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['unhealthy', 'unhealthy']);
    expect(report.attempts.map((a: { decision: { action: string } }) => a.decision.action)).toEqual(['retry', 'nothing-serving']);
    expect(report.final).toMatchObject({ state: 'nothing-serving', serving: null });
    expect(report.final.reason).toContain('no previous release');
    const status = await project.cli(['status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('nothing serving');
    expect(livePids(project.root)).toEqual([]);
  });

  it('refuses when the staging port is taken by a foreign process, which keeps answering', async () => {
    project = await makeProject();
    addRun(project.root, '20260101000000', 'healthy');
    const foreign = http.createServer((_req, res) => res.end('foreign'));
    await new Promise<void>((resolve) => foreign.listen(project!.port, '127.0.0.1', resolve));
    try {
      const result = await project.cli(['deploy']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('PORT_IN_USE');
      expect(result.stderr).toContain(`127.0.0.1:${project.port} is already in use by another process`);
      expect(result.stderr).toContain('hint:');
      expect(await (await fetch(`${project.url}/healthz`)).text()).toBe('foreign');
      expect(livePids(project.root)).toEqual([]);
    } finally {
      foreign.closeAllConnections();
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it('refuses a compliance run without an approval (exit 3) and deploys nothing', async () => {
    project = await makeProject();
    addRun(project.root, '20260101000000', 'healthy', { mode: 'compliance', approvals: [] });
    const result = await project.cli(['deploy', 'latest']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('APPROVAL_MISSING');
    expect(result.stderr).toContain('specgate approve 20260101000000');
    expect(fs.existsSync(path.join(project.root, '.specgate/staging.json'))).toBe(false);
  });

  it('refuses a release whose archive escapes its folder', async () => {
    project = await makeProject();
    const runDir = addRun(project.root, '20260101000000', 'healthy');
    const evil = path.join(project.root, 'evil');
    fs.mkdirSync(evil);
    fs.symlinkSync('/etc', path.join(evil, 'etc'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('tar', ['-czf', path.join(runDir, 'release.tar.gz'), '-C', evil, '.']);
    const result = await project.cli(['deploy']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('RELEASE_UNSAFE');
    expect(result.stderr).toContain("refusing entry './etc'");
    expect(fs.existsSync(path.join(project.root, '.specgate/releases/20260101000000'))).toBe(false);
    expect(fs.readdirSync(path.join(project.root, '.specgate/releases'))).toEqual([]);
    expect(livePids(project.root)).toEqual([]);
  });

  it('names a missing run and a missing deploy.command', async () => {
    project = await makeProject();
    const none = await project.cli(['deploy', '20990101000000']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('RUN_NOT_FOUND');
    fs.writeFileSync(path.join(project.root, 'specgate.yaml'), `deploy:\n  port: ${project.port}\n`);
    addRun(project.root, '20260101000000', 'healthy');
    const noCommand = await project.cli(['deploy']);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('specgate.yaml: error COMMAND_MISSING');
  });
});

describe('specgate deploy --help', () => {
  it('shows examples', async () => {
    project = await makeProject();
    for (const command of ['deploy', 'rollback', 'status', 'stop']) {
      const help = await project.cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
    }
  });
});
