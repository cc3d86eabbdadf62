// kill -9 of the deploying `specgate` while its candidate is being health-checked: nobody is left to
// judge, switch or stop that candidate, so the supervisor (which owns candidates) must stop it by
// itself, and keep running. Deadline polls only; the candidate's pid comes from the supervisor log.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { addRun, cleanup, makeProject, type TestProject } from '../fixtures/deploy/harness.js';

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

function alive(pid: number): boolean {
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

function logEvents(root: string, event: string): Record<string, unknown>[] {
  const file = path.join(root, '.specgate/supervisor.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((e) => e.event === event);
}

it('a deploy killed with SIGKILL mid-attempt leaves no candidate service running', async () => {
  // The candidate never becomes healthy and the window is long: the deploy is surely still waiting when killed.
  project = await makeProject({ health: '{ intervalSeconds: 0.2, timeoutSeconds: 1, healthyWithinSeconds: 120, stableSeconds: 1.5 }' });
  const root = project.root;
  addRun(root, '20260101000000', 'never-healthy');
  const deploy = spawn(process.execPath, [BIN, 'deploy', '20260101000000'], { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: 'ignore' });
  const exited = new Promise((resolve) => deploy.on('close', resolve));

  const started = await vi.waitFor(() => {
    const [event] = logEvents(root, 'service-started');
    expect(event).toBeDefined();
    return event as { pid: number; ownerPid: number };
  }, { timeout: 60_000, interval: 100 });
  expect(started.ownerPid).toBe(deploy.pid);
  expect(alive(started.pid)).toBe(true);

  deploy.kill('SIGKILL');
  await exited;
  await vi.waitFor(() => expect(alive(started.pid)).toBe(false), { timeout: 30_000, interval: 100 });
  expect(logEvents(root, 'candidate-orphaned')).toMatchObject([{ releaseId: expect.any(String), ownerPid: deploy.pid }]);
  // The supervisor itself stays up, serving nothing (the proxy answers 503), ready for the next deploy.
  const status = await project.cli(['status', '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ serving: null });
});

interface RecordedState {
  supervisor: { pid: number; startTime: string };
  services: { releaseId: string; pid: number; startTime: string }[];
}

/** kill -9 of the supervisor recorded in staging.json; returns the one service it ran, still alive. */
async function killSupervisor(root: string): Promise<{ pid: number; startTime: string }> {
  const state = JSON.parse(fs.readFileSync(path.join(root, '.specgate/staging.json'), 'utf8')) as RecordedState;
  // The record carries what tells the service from a later process with its pid: the start time.
  expect(state.services).toHaveLength(1);
  const service = state.services[0] as { pid: number; startTime: string };
  expect(service.startTime).toMatch(/^[0-9a-f-]+:\d+$/);
  process.kill(state.supervisor.pid, 'SIGKILL');
  await vi.waitFor(() => expect(alive(state.supervisor.pid)).toBe(false), { timeout: 10_000, interval: 50 });
  // Nothing stopped it: the service outlives its supervisor.
  expect(alive(service.pid)).toBe(true);
  return service;
}

it('kill -9 of the staging supervisor: its service survives it, and the next supervisor (deploy) or `stop` reaps it (startup sweep)', async () => {
  // A wide window: on a loaded machine the service may take seconds to answer; healthy is still declared after 1 s stable.
  project = await makeProject({ health: '{ intervalSeconds: 0.2, timeoutSeconds: 1, healthyWithinSeconds: 30, stableSeconds: 1 }' });
  const root = project.root;
  addRun(root, '20260101000000', 'healthy');
  const first = await project.cli(['deploy', '20260101000000']);
  expect(first.code, first.stderr).toBe(0);
  const orphan = await killSupervisor(root);

  // The next deploy starts a supervisor, which reaps what the dead one left before serving anything.
  const second = await project.cli(['deploy', '20260101000000']);
  expect(second.code, second.stderr).toBe(0);
  await vi.waitFor(() => expect(alive(orphan.pid)).toBe(false), { timeout: 30_000, interval: 100 });
  expect(logEvents(root, 'orphan-reaped')).toMatchObject([{ pid: orphan.pid }]);

  // `stop` with no supervisor to ask does the same sweep, and says what it stopped.
  const next = await killSupervisor(root);
  const stop = await project.cli(['stop']);
  expect(stop.stdout).toContain(`staging was not running; stopped service(s) a killed supervisor left running (pid ${next.pid})`);
  await vi.waitFor(() => expect(alive(next.pid)).toBe(false), { timeout: 30_000, interval: 100 });
});
