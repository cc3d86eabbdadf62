// Deploy stage: deploys this run's release.tar.gz to staging with the configured target and policy,
// writes deploy-report.json (main evidence) and resource-estimates.json with the measured usage
// beside the declared budgets. Success, or failure with the previous release still serving.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import { isSpecgateError } from '../../core/errors.js';
import { deployRelease, kubernetesManifests } from '../deploy/staging.js';
import { readRunImage } from '../image/run-image.js';
import type { GateDecision, Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import type { DeployReport } from '../../core/deploy/report.js';
import type { DeployStagePorts } from './ports.js';

const json = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

function notDeployed(ctx: StageContext, reason: string): StageResult {
  // Sandbox carries on without staging; compliance requires the deploy it was approved for.
  const compliance = ctx.run.mode === 'compliance';
  return {
    status: compliance ? 'failure' : 'skipped',
    summary: reason,
    gates: [{ gate: 'deploy', outcome: compliance ? 'fail' : 'warn', reason }],
  };
}

async function estimates(ctx: StageContext): Promise<Readonly<Record<string, unknown>> | undefined> {
  const text = await ctx.readArtifact(EVIDENCE_FILE.estimates);
  if (text === undefined) return ctx.specs.resourceEstimates;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function createDeployStage(ports: DeployStagePorts): Stage {
  return {
    name: 'deploy',
    description: 'staging: health-checked switch, retries, automatic rollback, resource limits',
    async run(ctx): Promise<StageResult> {
      const { run, config } = ctx;
      const archive = path.join(run.runDir, EVIDENCE_FILE.release);
      if ((await ctx.fs.stat(archive))?.kind !== 'file') return notDeployed(ctx, `no ${EVIDENCE_FILE.release} in this run: the build stage produced no release`);
      if (config.deploy.target === 'local' && config.deploy.command === undefined) return notDeployed(ctx, 'deploy.command is not set in specgate.yaml: nothing to start');
      const deployed = await deployThisRun(ctx, ports, archive);
      if ('status' in deployed) return deployed;
      await writeDeployEvidence(ctx, deployed);
      return deployResult(deployed.result.report);
    },
  };
}

type Deployed = { readonly result: Awaited<ReturnType<typeof deployRelease>>; readonly request: DeployRequest };
type DeployRequest = Parameters<typeof deployRelease>[0];

/** Deploys this run's release under the project's deploy lock; a supervisor, port or lock problem is the stage's failure. */
async function deployThisRun(ctx: StageContext, ports: DeployStagePorts, archive: string): Promise<Deployed | StageResult> {
  const { run, config } = ctx;
  const resourceEstimates = await estimates(ctx);
  const record = await readRunImage(ctx.fs, run.runDir);
  const runImage = record === undefined ? undefined : { reference: record.reference, user: record.process.user };
  const request: DeployRequest = {
    project: { root: run.projectRoot, config },
    release: { releaseId: run.runId, runId: run.runId, featureSha: run.featureSha },
    archive,
    target: config.deploy.target,
    manifestsDir: path.join(ports.staging.stateDir(run.projectRoot), 'deploys', run.runId, 'kubernetes'),
    ...(resourceEstimates === undefined ? {} : { resourceEstimates }),
    ...(runImage === undefined ? {} : { image: runImage }),
  };
  const deps = {
    fs: ctx.fs,
    clock: ctx.clock,
    processes: ctx.processes,
    probe: ports.probe,
    staging: ports.staging,
    targets: ports.targets,
    env: ctx.env,
    signal: ctx.signal,
    log: (message: string) => ctx.emit({ type: 'log', stage: 'deploy', message }),
  };
  try {
    return { result: await ports.staging.withDeployLock(run.projectRoot, `deploy stage of run ${run.runId}`, () => deployRelease(request, deps)), request };
  } catch (error) {
    if (error instanceof DeployError && !['SUPERVISOR_FAILED', 'PORT_IN_USE', 'DEPLOY_IN_PROGRESS'].includes(error.code)) throw error;
    if (isSpecgateError(error)) {
      return { status: 'failure', summary: `${error.code}: ${error.message}`, gates: [{ gate: 'deploy', outcome: 'fail', reason: error.message }] };
    }
    throw error;
  }
}

/** deploy-report.json, the measured resource estimates, and the rendered Kubernetes manifests. */
async function writeDeployEvidence(ctx: StageContext, { result, request }: Deployed): Promise<void> {
  const { report } = result;
  await ctx.writeArtifact(EVIDENCE_FILE.deploy, json(report), 'application/json');
  if (result.resourceEstimates !== undefined) await ctx.writeArtifact(EVIDENCE_FILE.estimates, json(result.resourceEstimates), 'application/json');
  if (ctx.config.deploy.target !== 'kubernetes') return;
  const resources = { requests: report.resources.requests, limits: report.resources.limits, source: report.resources.source };
  for (const file of kubernetesManifests(request.project, request.release, resources, request.image).files) {
    await ctx.writeArtifact(`kubernetes/${file.path}`, file.content, 'application/yaml');
  }
}

function deployResult(report: DeployReport): StageResult {
  const gates: GateDecision[] = [{ gate: 'health', outcome: report.success ? 'pass' : 'fail', reason: report.decision.reason }];
  const measured = report.resources.measured;
  if (measured !== null) {
    gates.push({
      gate: 'resource limits',
      outcome: measured.withinLimits.all ? 'pass' : measured.withinLimits.memory ? 'warn' : 'fail',
      reason: `peak RSS ${measured.peakRssMi} MiB of ${measured.limits.memoryMi} MiB, CPU peak ${measured.cpuPeak} / mean ${measured.cpuMean} of ${measured.limits.cpu} cores`,
    });
  }
  const status = !report.success ? 'failure' : measured !== null && !measured.withinLimits.cpu ? 'warning' : 'success';
  return {
    status,
    summary: `${report.final.state}: ${report.final.reason}`,
    artifact: EVIDENCE_FILE.deploy,
    gates,
    data: { stagingUrl: report.stagingUrl, serving: report.final.serving, success: report.success, rolledBack: report.rolledBack },
  };
}
