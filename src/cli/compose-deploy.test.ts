// The deploy composition root: the library functions keep their old signatures, fill in the Node
// staging (real state folder, real supervisor socket) when none is given, and use one that is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import { systemClock } from '../adapters/clock.js';
import { httpHealthProbe } from '../adapters/deploy/http-probe.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { NodeProcessRunner } from '../adapters/process-runner.js';
import { configSchema } from '../core/config/schema.js';
import type { LocalStaging } from '../core/deploy/staging-ports.js';
import { deployStagePorts, nodeStagingDeps, stagingStatus, stopStaging } from './compose-deploy.js';

const basic = { fs: new NodeFileSystem(), clock: systemClock, processes: new NodeProcessRunner(), probe: httpHealthProbe, env: {} };

describe('compose-deploy', () => {
  it('wires the Node staging: the state folder is .specgate under the project', () => {
    const deps = nodeStagingDeps({ env: {} });
    expect(deps.staging.stateDir('/srv/app')).toBe(path.join('/srv/app', '.specgate'));
    expect(deps.staging.releaseDir('/srv/app', 'r1')).toBe(path.join('/srv/app', '.specgate', 'releases', 'r1'));
    expect(deps.staging).toBe(deployStagePorts.staging);
    expect(deps.targets).toBe(deployStagePorts.targets);
  });

  it('keeps the library signatures: with only the basic ports, status and stop ask the real (absent) supervisor', async () => {
    const root = tempDir('specgate-compose-deploy-');
    const project = { root, config: configSchema.parse({ deploy: { command: 'node server.mjs' } }) };
    const status = await stagingStatus(project, basic);
    expect(status).toMatchObject({ state: 'stopped', supervisor: null, serving: null });
    expect(await stopStaging(project, { clock: systemClock })).toEqual({ stopped: false });
    expect(fs.existsSync(path.join(root, '.specgate', 'staging.json'))).toBe(false);
  });

  it('uses the staging the caller hands in instead of the Node one', async () => {
    const asked: string[] = [];
    const staging: LocalStaging = {
      ...deployStagePorts.staging,
      readState: (root) => (asked.push(`state ${root}`), undefined),
      supervisor: (root) => ({ ping: () => (asked.push(`ping ${root}`), Promise.resolve(undefined)), state: () => Promise.reject(new Error('not live')), shutdown: () => Promise.resolve() }),
      sweepOrphans: () => Promise.resolve([]),
    };
    const project = { root: '/nowhere', config: configSchema.parse({ deploy: { command: 'node server.mjs' } }) };
    expect((await stagingStatus(project, { ...basic, staging })).state).toBe('stopped');
    expect(asked).toEqual(['state /nowhere', 'ping /nowhere']);
  });
});
