// status, stop and rollback through the staging ports with fakes: the use cases read only what the
// LocalStaging port tells them (no supervisor, socket or state file is touched here).
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/schema.js';
import type { DeployTargets, LocalStaging, StagingSupervisor, StagingView } from '../../core/deploy/staging-ports.js';
import type { FileSystem } from '../../core/ports.js';
import type { StagingDeps } from './ports.js';
import { rollbackStaging } from './rollback.js';
import { stagingStatus, stopStaging } from './status.js';

const project = { root: '/srv/demo', config: configSchema.parse({ deploy: { command: 'node server.mjs', port: 4100 } }) };
const release = { releaseId: '20260101000000', runId: '20260101000000', featureSha: 'a'.repeat(12) };
const view: StagingView = {
  proxy: { host: '127.0.0.1', port: 4100, url: 'http://127.0.0.1:4100' },
  serving: { ...release, since: '2026-01-01T00:00:00Z', pid: 42, port: 40000 },
  previous: null,
};

/** A supervisor that answers while `alive` says so, and stops answering once shut down. */
function fakeSupervisor(alive: { value: boolean }): StagingSupervisor & { shutdowns: number } {
  return {
    shutdowns: 0,
    ping: () => Promise.resolve(alive.value ? { pid: 7 } : undefined),
    state: () => Promise.resolve(view),
    shutdown() {
      this.shutdowns += 1;
      alive.value = false;
      return Promise.resolve();
    },
  };
}

function deps(supervisor: StagingSupervisor, onDisk: StagingView | undefined, probeStatus: number | null = 200, orphans: { releaseId: string; pid: number }[] = []): StagingDeps {
  const staging: LocalStaging = {
    stateDir: (root) => `${root}/.specgate`,
    releaseDir: (root, id) => `${root}/.specgate/releases/${id}`,
    readState: () => onDisk,
    supervisor: () => supervisor,
    sweepOrphans: () => Promise.resolve(orphans),
    withDeployLock: (_root, _holder, work) => work(),
  };
  let now = 0;
  return {
    fs: { stat: () => Promise.resolve(undefined) } as unknown as FileSystem,
    clock: { now: () => new Date('2026-01-02T00:00:00Z'), monotonicMs: () => (now += 100) },
    processes: { run: () => Promise.reject(new Error('no process may start')) },
    probe: { probe: () => Promise.resolve({ status: probeStatus, latencyMs: 3 }) },
    staging,
    targets: {} as DeployTargets,
    env: {},
  };
}

describe('stagingStatus through the LocalStaging port', () => {
  it('says stopped when no supervisor answers, keeping the rollback target from disk', async () => {
    const status = await stagingStatus(project, deps(fakeSupervisor({ value: false }), { ...view, previous: release }));
    expect(status).toMatchObject({ state: 'stopped', healthy: false, supervisor: null, previous: release });
    expect(status.message).toBe('staging is not running: nothing serving');
  });

  it('with no supervisor, sweeps what a killed one left and says what it stopped', async () => {
    const status = await stagingStatus(project, deps(fakeSupervisor({ value: false }), view, 200, [{ releaseId: 'v1', pid: 4242 }]));
    expect(status.message).toBe('staging is not running: nothing serving; stopped 1 service(s) a killed supervisor left running (pid 4242)');
    const stopped = await stopStaging(project, deps(fakeSupervisor({ value: false }), view, 200, [{ releaseId: 'v1', pid: 4242 }]));
    expect(stopped).toEqual({ stopped: false, reapedPids: [4242] });
  });

  it('reports what the live supervisor serves, probed through the proxy URL', async () => {
    const healthy = await stagingStatus(project, deps(fakeSupervisor({ value: true }), undefined));
    expect(healthy).toMatchObject({ state: 'serving', healthy: true, stagingUrl: 'http://127.0.0.1:4100', supervisor: { pid: 7, running: true } });
    expect(healthy.serving).toMatchObject({ releaseId: release.releaseId, health: { status: 200 } });
    const failing = await stagingStatus(project, deps(fakeSupervisor({ value: true }), undefined, 503));
    expect(failing.healthy).toBe(false);
    expect(failing.message).toContain('UNHEALTHY');
  });
});

describe('stopStaging through the LocalStaging port', () => {
  it('shuts a live supervisor down and waits until it stops answering; a stopped one is a no-op', async () => {
    const supervisor = fakeSupervisor({ value: true });
    expect(await stopStaging(project, deps(supervisor, undefined))).toEqual({ stopped: true, pid: 7 });
    expect(supervisor.shutdowns).toBe(1);
    expect(await stopStaging(project, deps(supervisor, undefined))).toEqual({ stopped: false });
    expect(supervisor.shutdowns).toBe(1);
  });
});

describe('rollbackStaging through the LocalStaging port', () => {
  it('refuses when staging records no previous release, or it is no longer installed', async () => {
    await expect(rollbackStaging(project, deps(fakeSupervisor({ value: true }), view))).rejects.toMatchObject({ code: 'NOTHING_TO_ROLL_BACK', message: expect.stringContaining('no earlier release') });
    await expect(rollbackStaging(project, deps(fakeSupervisor({ value: true }), { ...view, previous: release }))).rejects.toMatchObject({
      code: 'NOTHING_TO_ROLL_BACK',
      path: `/srv/demo/.specgate/releases/${release.releaseId}`,
    });
  });
});
