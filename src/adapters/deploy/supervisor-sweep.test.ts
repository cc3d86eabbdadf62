// The startup sweep signals only a process that still is the one recorded: same host, same start
// time. Real process groups (detached `sh`, each its group's leader, with a child), polled with a deadline.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { isProcessAlive, processStartTime } from '../evidence/process-identity.js';
import { ensureStateDir, stateFile, type RecordedService, type StagingState } from './control.js';
import { orphansIn, sweepOrphans } from './supervisor-sweep.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
});

/** A service-like process group: `sh` leading a `sleep` child, as the supervisor starts services. */
function serviceGroup(releaseId: string): RecordedService {
  const child = spawn('/bin/sh', ['-c', 'sleep 300 & wait'], { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid as number;
  started.push(pid);
  return { releaseId, pid, hostname: hostname(), startTime: processStartTime(pid) };
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

function stateWith(services: RecordedService[], supervisor: StagingState['supervisor']): StagingState {
  return { schemaVersion: 1, supervisor, proxy: null, serving: null, previous: null, services, updatedAt: new Date().toISOString() };
}

/** A project whose staging.json was left by a supervisor that died (its pid exited, start time unknown to the kernel now). */
function projectLeftBy(services: RecordedService[]): string {
  const root = tempDir('specgate-sweep-');
  ensureStateDir(root);
  const dead = { pid: deadPid(), startedAt: new Date().toISOString(), hostname: hostname(), startTime: 'gone:1' };
  fs.writeFileSync(stateFile(root), JSON.stringify(stateWith(services, dead)));
  return root;
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the startup sweep', () => {
  it('reaps the whole process group of a service whose supervisor is gone, and logs it', async () => {
    const service = serviceGroup('v1');
    const root = projectLeftBy([service]);
    const sleeper = await vi.waitFor(() => {
      const [pid] = fs.readFileSync(`/proc/${service.pid}/task/${service.pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
      expect(pid).toBeDefined();
      return pid as number;
    }, { timeout: 10_000, interval: 20 });
    const reaped = await sweepOrphans(root);
    expect(reaped.map((s) => s.pid)).toEqual([service.pid]);
    // The leader and its child (same group) are gone (a zombie waiting for its parent counts as gone).
    const gone = (pid: number): boolean => !isProcessAlive({ pid, hostname: hostname(), startTime: '' });
    await vi.waitFor(() => expect([gone(service.pid), gone(sleeper)]).toEqual([true, true]), { timeout: 10_000, interval: 50 });
    const log = fs.readFileSync(path.join(root, '.specgate/supervisor.log'), 'utf8');
    expect(JSON.parse(log.trim())).toMatchObject({ event: 'orphan-reaped', releaseId: 'v1', pid: service.pid });
  });

  it('never signals a pid whose start time differs from the record (a recycled pid)', async () => {
    const stranger = serviceGroup('not-ours');
    // The record names the live pid, but with the start time of the process that had it before.
    const recycled = { ...stranger, startTime: `${stranger.startTime}0` };
    const root = projectLeftBy([recycled]);
    expect(await sweepOrphans(root)).toEqual([]);
    expect(isProcessAlive(stranger)).toBe(true);
    expect(groupAlive(stranger.pid)).toBe(true);
  });

  it('leaves records alone when they name another host or carry no start time', () => {
    const service = serviceGroup('v1');
    const dead = { pid: deadPid(), startedAt: '', hostname: hostname(), startTime: 'gone:1' };
    expect(orphansIn(stateWith([{ ...service, hostname: `${hostname()}-elsewhere` }], dead))).toEqual([]);
    expect(orphansIn(stateWith([{ ...service, startTime: '' }], dead))).toEqual([]);
    expect(orphansIn(stateWith([service], dead))).toEqual([service]);
  });

  it('leaves the services of a supervisor that is still alive alone', () => {
    const service = serviceGroup('v1');
    const self = { pid: process.pid, startedAt: '', hostname: hostname(), startTime: processStartTime(process.pid) };
    expect(orphansIn(stateWith([service], self))).toEqual([]);
    // A file from before start times were recorded: a live supervisor pid is trusted to be it.
    expect(orphansIn(stateWith([service], { pid: process.pid, startedAt: '' }))).toEqual([]);
    expect(orphansIn(undefined)).toEqual([]);
  });
});
