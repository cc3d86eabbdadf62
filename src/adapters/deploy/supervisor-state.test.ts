// The supervisor reaps non-serving services whose deploy died; the release that served before a
// candidate was switched to is the rollback target of the deploy that switched, and must survive
// while that deploy (e.g. running a failing smoke test) is alive, whoever started it long ago.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { currentProcess } from '../evidence/process-identity.js';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { ensureStateDir, type StartServiceRequest } from './control.js';
import { SupervisorState } from './supervisor-state.js';

/** The identity of a deploy that has exited (a finished child; the start time never matches a reused pid). */
function deadDeploy(): RunProcess {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return { pid: child.pid, hostname: hostname(), startTime: 'gone:1' };
}

function request(dir: string, releaseId: string, owner: RunProcess): StartServiceRequest {
  return { releaseId, runId: releaseId, featureSha: 'f'.repeat(40), dir, command: `exec ${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)"`, env: {}, memoryLimitBytes: 512 * 1024 * 1024, owner };
}

function supervisorIn(root: string): SupervisorState {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const dir = ensureStateDir(root);
  fs.mkdirSync(path.join(dir, 'releases'), { recursive: true });
  return new SupervisorState(root, dir, { host: '127.0.0.1', port: 0, url: 'http://127.0.0.1:0' });
}

let sup: SupervisorState | undefined;
afterEach(async () => {
  await sup?.stopAll('test over');
  await sup?.persist();
  sup = undefined;
  vi.restoreAllMocks();
});

describe('SupervisorState.reapOrphans', () => {
  it('keeps the previous release running while the deploy that switched away from it is alive, so it can switch back', async () => {
    const root = tempDir('specgate-supervisor-');
    sup = supervisorIn(root);
    // v1 was deployed earlier: its deploy has exited, it serves.
    await sup.start(request(root, 'v1', deadDeploy()));
    await sup.switchTo('v1');
    // This deploy promotes v2 for its smoke test…
    await sup.start(request(root, 'v2', currentProcess()));
    await sup.switchTo('v2');
    await sup.reapOrphans();
    // …which fails: v1 must still be there to switch back to.
    expect(sup.services.get('v1')?.service.running).toBe(true);
    await expect(sup.switchTo('v1')).resolves.toMatchObject({ serving: { releaseId: 'v1' } });
  });

  it('stops a non-serving service once the deploy responsible for it is gone', async () => {
    const root = tempDir('specgate-supervisor-');
    sup = supervisorIn(root);
    await sup.start(request(root, 'v1', deadDeploy()));
    await sup.switchTo('v1');
    // A deploy promoted v2 and died (kill -9) mid-smoke-test: v2 serves, nobody is left for v1.
    const dying = deadDeploy();
    await sup.start(request(root, 'v2', dying));
    await sup.switchTo('v2');
    await sup.reapOrphans();
    expect(sup.services.has('v1')).toBe(false);
    expect(sup.services.get('v2')?.service.running).toBe(true);
  });
});
