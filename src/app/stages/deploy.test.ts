// The deploy stage with real processes: it deploys the run's release.tar.gz, writes
// deploy-report.json (valid against its schema) and resource-estimates.json with measured usage.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/clock.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { configSchema } from '../../core/config/schema.js';
import { cleanup, FIXTURES, freePort } from '../../../test/fixtures/deploy/harness.js';
import { deployReportErrors } from '../../../test/fixtures/deploy/schema.js';
import { tempDir } from '../../../test/helpers/tmp.js';
import type { PipelineEvent, StageContext } from '../pipeline/stage.js';
import { httpHealthProbe } from '../../adapters/deploy/http-probe.js';
import { nodeDeployTargets, nodeLocalStaging } from '../../adapters/deploy/node-staging.js';
import { createDeployStage } from './deploy.js';

const deployStage = createDeployStage({ probe: httpHealthProbe, staging: nodeLocalStaging, targets: nodeDeployTargets });

const RUN_ID = '20260101000000';
const SHA = '0123456789ab';
const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root);
});

async function context(service: string | undefined, deploy: Record<string, unknown>, mode: 'sandbox' | 'compliance' = 'sandbox') {
  const root = tempDir('specgate-stage-');
  roots.push(root);
  const runDir = path.join(root, 'reports', SHA, RUN_ID);
  fs.mkdirSync(runDir, { recursive: true });
  if (service !== undefined) {
    const src = path.join(root, 'build');
    fs.mkdirSync(src);
    fs.copyFileSync(path.join(FIXTURES, 'services', `${service}.mjs`), path.join(src, 'server.mjs'));
    execFileSync('tar', ['-czf', path.join(runDir, 'release.tar.gz'), '-C', src, '.']);
  }
  const estimates = { schemaVersion: 1, totals: { cpu: { sum: 0.2, peak: 0.2 }, memory: { sum: 256, peak: 256 } } };
  fs.writeFileSync(path.join(runDir, 'resource-estimates.json'), JSON.stringify(estimates));
  const artifacts = new Map<string, string>();
  const events: PipelineEvent[] = [];
  const fsPort = new NodeFileSystem();
  const port = await freePort();
  const ctx: StageContext = {
    run: { runId: RUN_ID, featureSha: SHA, mode, projectRoot: root, reportsDir: path.join(root, 'reports'), runDir, initiator: 'alice', startedAt: new Date(), toolVersion: 'test' },
    specs: { featureSha: SHA, files: [], validationReport: {}, resourceEstimates: estimates, errors: 0, warnings: 0, findingLines: [] },
    config: configSchema.parse({ deploy: { command: 'node server.mjs', port, retryIntervalSeconds: 0.1, health: { intervalSeconds: 0.2, healthyWithinSeconds: 2, stableSeconds: 0.6 }, ...deploy } }),
    fs: fsPort,
    clock: systemClock,
    processes: new NodeProcessRunner(),
    env: { PATH: process.env.PATH },
    signal: new AbortController().signal,
    async writeArtifact(name, content) {
      artifacts.set(name, String(content));
      await fsPort.mkdirp(path.dirname(path.join(runDir, name)));
      await fsPort.writeAtomic(path.join(runDir, name), content);
    },
    readArtifact: (name) => Promise.resolve(fs.existsSync(path.join(runDir, name)) ? fs.readFileSync(path.join(runDir, name), 'utf8') : undefined),
    emit: (event) => events.push(event),
    previous: new Map(),
  };
  return { ctx, artifacts, events, port };
}

describe('deploy stage', () => {
  it('deploys the run, writes a valid deploy-report.json and the measured usage beside the declared budgets', async () => {
    const { ctx, artifacts, events, port } = await context('healthy', { resources: { requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, fromSpecs: true } });
    const result = await deployStage.run(ctx);
    expect(result.status === 'success' || result.status === 'warning').toBe(true);
    expect(result.artifact).toBe('deploy-report.json');
    const report = JSON.parse(artifacts.get('deploy-report.json')!);
    expect(deployReportErrors(report)).toEqual([]);
    // fromSpecs: limits are the specs' declared peak.
    expect(report.resources).toMatchObject({ source: 'specs', limits: { cpu: 0.2, memoryMi: 256 } });
    const estimates = JSON.parse(artifacts.get('resource-estimates.json')!);
    expect(estimates.totals.memory.peak).toBe(256);
    expect(estimates.measured.withinLimits).toBe(estimates.measured.peakRssMi <= 256 && estimates.measured.cpuPeak <= 0.2);
    expect(result.gates.map((g) => g.gate)).toEqual(['health', 'resource limits']);
    expect(result.gates[0]!.outcome).toBe('pass');
    expect(events.some((e) => e.type === 'log' && e.message.includes('healthy, staging switched'))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).headers.get('x-specgate-release')).toBe(RUN_ID);
  });

  it('fails (nothing serving) when the first release never becomes healthy', async () => {
    const { ctx, artifacts } = await context('never-healthy', { retries: 0, health: { intervalSeconds: 0.2, healthyWithinSeconds: 1, stableSeconds: 0 } });
    const result = await deployStage.run(ctx);
    expect(result.status).toBe('failure');
    expect(result.gates[0]).toMatchObject({ gate: 'health', outcome: 'fail' });
    expect(JSON.parse(artifacts.get('deploy-report.json')!).final.state).toBe('nothing-serving');
  });

  it('without a release: skipped in sandbox, a failure in compliance', async () => {
    const sandbox = await context(undefined, {});
    expect(await deployStage.run(sandbox.ctx)).toMatchObject({ status: 'skipped', gates: [{ outcome: 'warn' }] });
    const compliance = await context(undefined, {}, 'compliance');
    expect(await deployStage.run(compliance.ctx)).toMatchObject({ status: 'failure', gates: [{ outcome: 'fail' }] });
  });
});
