// The staging use cases the CLI, the deploy stage and the dashboard share: deploy a run's release,
// roll back, show what serves, stop. Targets come from a registry (STYLE.md §5).
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import type { HealthPolicy } from '../../core/deploy/health.js';
import { dnsLabel, renderKubernetesManifests, type RenderedManifests } from '../../core/deploy/kubernetes.js';
import type { DeployTarget, DeployTargetName, HealthProbe, ReleaseRef } from '../../core/deploy/ports.js';
import type { DeployReport } from '../../core/deploy/report.js';
import { effectiveResources, nodeHeapMi, withMeasuredUsage, type ResourceSettings } from '../../core/deploy/resources.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import type { Clock, FileSystem, ProcessRunner } from '../../core/ports.js';
import { sha256Hex } from '../../core/spec/feature-sha.js';
import { readStagingState, SupervisorClient, socketPath, type StagingState } from '../../adapters/deploy/control.js';
import { KubernetesTarget, writeManifests } from '../../adapters/deploy/kubernetes-target.js';
import { LocalTarget, releaseDir } from '../../adapters/deploy/local-target.js';
import { withDeployLock } from '../../adapters/deploy/lock.js';
import { runDeploy } from './attempts.js';

export interface StagingDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly probe: HealthProbe;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
}

export interface ProjectRef {
  readonly root: string;
  readonly config: SpecgateConfig;
}

type DeployConfig = SpecgateConfig['deploy'];

export function healthPolicy(deploy: DeployConfig): HealthPolicy {
  return { ...deploy.health };
}

/**
 * The service's environment: the caller's, minus specgate's own secrets (signing key and its
 * passphrase never reach a service), plus the heap cap that enforces the memory limit for Node.
 */
export function serviceEnv(env: StagingDeps['env'], config: SpecgateConfig, resources: ResourceSettings, release: ReleaseRef): Record<string, string> {
  const out: Record<string, string> = {};
  const secret = new Set(['SPECGATE_SIGNING_KEY', config.signing.passphraseEnv]);
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !secret.has(key)) out[key] = value;
  out.NODE_OPTIONS = `${out.NODE_OPTIONS ?? ''} --max-old-space-size=${nodeHeapMi(resources.limits)}`.trim();
  out.SPECGATE_RELEASE = release.releaseId;
  out.SPECGATE_RUN_ID = release.runId;
  out.SPECGATE_FEATURE_SHA = release.featureSha;
  return out;
}

export function kubernetesManifests(project: ProjectRef, release: ReleaseRef, resources: ResourceSettings): RenderedManifests {
  const k8s = project.config.deploy.kubernetes;
  if (k8s?.image === undefined) {
    throw new DeployError('IMAGE_MISSING', 'the kubernetes target needs deploy.kubernetes.image (the image built from this release)', {
      path: 'specgate.yaml',
      hint: 'set deploy.kubernetes.image, e.g. registry.example/app:<tag>',
    });
  }
  return renderKubernetesManifests({
    app: project.config.name ?? path.basename(project.root),
    namespace: k8s.namespace,
    image: k8s.image,
    release,
    resources,
    health: healthPolicy(project.config.deploy),
    containerPort: k8s.containerPort,
    rolloutTimeoutSeconds: k8s.rolloutTimeoutSeconds,
  });
}

export interface DeployRequest {
  readonly project: ProjectRef;
  readonly release: ReleaseRef;
  readonly archive: string;
  readonly target: DeployTargetName;
  /** resource-estimates.json of the run, when there is one (limits from specs, measured usage). */
  readonly resourceEstimates?: Readonly<Record<string, unknown>>;
  /** Where the Kubernetes manifests are written. */
  readonly manifestsDir: string;
}

export interface DeployResult {
  readonly report: DeployReport;
  /** resource-estimates.json with `measured` filled in, when the run had one and usage was measured. */
  readonly resourceEstimates?: Record<string, unknown>;
}

type TargetFactory = (request: DeployRequest, resources: ResourceSettings, deps: StagingDeps) => DeployTarget;

const targets: Record<DeployTargetName, TargetFactory> = {
  local: (request, resources, deps) => new LocalTarget({ ...localOptions(request.project, resources, deps, request.release), archive: request.archive }),
  kubernetes: (request, resources, deps) => {
    const k8s = request.project.config.deploy.kubernetes;
    return new KubernetesTarget({
      manifests: kubernetesManifests(request.project, request.release, resources),
      outDir: request.manifestsDir,
      fs: deps.fs,
      processes: deps.processes,
      clock: deps.clock,
      cwd: request.project.root,
      env: deps.env,
      rolloutTimeoutSeconds: k8s?.rolloutTimeoutSeconds ?? 120,
      ...(k8s?.context ? { context: k8s.context } : {}),
      ...(k8s?.url ? { url: k8s.url } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  },
};

/** Deploys one release with the configured policy; the report says how it went. */
export async function deployRelease(request: DeployRequest, deps: StagingDeps): Promise<DeployResult> {
  const deploy = request.project.config.deploy;
  const resources = effectiveResources(deploy.resources, request.resourceEstimates);
  const target = targets[request.target](request, resources, deps);
  const report = await runDeploy(
    {
      target,
      release: { ...request.release, artifact: path.basename(request.archive), sha256: sha256Hex(await deps.fs.readFile(request.archive)) },
      retries: deploy.retries,
      retryIntervalSeconds: deploy.retryIntervalSeconds,
      health: healthPolicy(deploy),
      resources,
      ...(deploy.smoke === undefined
        ? {}
        : { smoke: { command: deploy.smoke, timeoutSeconds: deploy.smokeTimeoutSeconds, cwd: request.project.root, env: serviceEnv(deps.env, request.project.config, resources, request.release) } }),
    },
    deps,
  );
  const measured = report.resources.measured;
  return {
    report,
    ...(request.resourceEstimates === undefined || measured === null
      ? {}
      : { resourceEstimates: withMeasuredUsage(request.resourceEstimates, { usage: measured, releaseId: request.release.releaseId, measuredAt: report.finishedAt }) }),
  };
}

/** `--dry-run`: what would be deployed, and for Kubernetes the manifests, without starting anything. */
export async function planDeploy(request: DeployRequest, deps: StagingDeps): Promise<{ resources: ResourceSettings; manifests: string[] }> {
  const resources = effectiveResources(request.project.config.deploy.resources, request.resourceEstimates);
  if (request.target === 'kubernetes') {
    return { resources, manifests: await writeManifests(deps.fs, request.manifestsDir, kubernetesManifests(request.project, request.release, resources)) };
  }
  targets.local(request, resources, deps);
  return { resources, manifests: [] };
}

/** Switches staging back to the release that served before the current one. */
export function rollbackStaging(project: ProjectRef, deps: StagingDeps): Promise<DeployResult> {
  return withDeployLock(project.root, 'rollback', () => rollbackUnlocked(project, deps));
}

async function rollbackUnlocked(project: ProjectRef, deps: StagingDeps): Promise<DeployResult> {
  const state = readStagingState(project.root);
  const back = state?.previous ?? null;
  if (back === null) {
    throw new DeployError('NOTHING_TO_ROLL_BACK', 'no earlier release is recorded for staging', {
      path: path.join('.specgate', 'staging.json'),
      hint: 'deploy a run with `specgate deploy <run-id>` instead',
    });
  }
  const dir = releaseDir(project.root, back.releaseId);
  if ((await deps.fs.stat(dir))?.kind !== 'directory') {
    throw new DeployError('NOTHING_TO_ROLL_BACK', `release ${back.releaseId} is no longer installed`, { path: dir, hint: `deploy run ${back.runId} again with \`specgate deploy ${back.runId}\`` });
  }
  const resources = effectiveResources(project.config.deploy.resources, undefined);
  const target = new LocalTarget(localOptions(project, resources, deps, back));
  const deploy = project.config.deploy;
  const report = await runDeploy(
    {
      target,
      release: { ...back, artifact: `.specgate/releases/${back.releaseId}`, sha256: 'installed' },
      retries: deploy.retries,
      retryIntervalSeconds: deploy.retryIntervalSeconds,
      health: healthPolicy(deploy),
      resources,
      ...(deploy.smoke === undefined ? {} : { smoke: { command: deploy.smoke, timeoutSeconds: deploy.smokeTimeoutSeconds, cwd: project.root, env: serviceEnv(deps.env, project.config, resources, back) } }),
    },
    deps,
  );
  return { report };
}

function localOptions(project: ProjectRef, resources: ResourceSettings, deps: StagingDeps, release: ReleaseRef): ConstructorParameters<typeof LocalTarget>[0] {
  const deploy = project.config.deploy;
  if (deploy.command === undefined) {
    throw new DeployError('COMMAND_MISSING', 'deploy.command is not set: specgate does not know how to start the service', {
      path: 'specgate.yaml',
      hint: 'set deploy.command, e.g. `command: node dist/server.js` (it runs in the release folder with PORT set)',
    });
  }
  return {
    root: project.root,
    host: deploy.host,
    port: deploy.port,
    command: deploy.command,
    health: healthPolicy(deploy),
    memoryLimitBytes: resources.limits.memoryMi * 1024 * 1024,
    env: serviceEnv(deps.env, project.config, resources, release),
    probe: deps.probe,
    clock: deps.clock,
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
}

export interface StagingStatus {
  readonly state: 'serving' | 'nothing-serving' | 'stopped';
  readonly healthy: boolean;
  readonly stagingUrl: string;
  readonly supervisor: { readonly pid: number; readonly running: boolean } | null;
  readonly serving: (NonNullable<StagingState['serving']> & { readonly health: { readonly checkedAt: string; readonly status: number | null; readonly latencyMs: number; readonly error?: string } }) | null;
  readonly previous: StagingState['previous'];
  readonly message: string;
}

/** Kubernetes: the deployment's labels and readiness (the kubelet probes /healthz), plus a probe of deploy.kubernetes.url when set. */
async function kubernetesStatus(project: ProjectRef, deps: StagingDeps): Promise<StagingStatus> {
  const deploy = project.config.deploy;
  const k8s = deploy.kubernetes;
  const name = dnsLabel(project.config.name ?? path.basename(project.root));
  const namespace = k8s?.namespace ?? 'staging';
  const target = new KubernetesTarget({
    manifests: { deploymentName: name, namespace, objects: [], files: [] },
    outDir: '',
    fs: deps.fs,
    processes: deps.processes,
    clock: deps.clock,
    cwd: project.root,
    env: deps.env,
    rolloutTimeoutSeconds: k8s?.rolloutTimeoutSeconds ?? 120,
    ...(k8s?.context ? { context: k8s.context } : {}),
    ...(k8s?.url ? { url: k8s.url } : {}),
  });
  const current = await target.current();
  const state = target.state;
  if (current === undefined || state === undefined) {
    return { state: 'nothing-serving', healthy: false, stagingUrl: target.stagingUrl, supervisor: null, serving: null, previous: null, message: `nothing serving: no deployment ${namespace}/${name}` };
  }
  const checkedAt = deps.clock.now().toISOString();
  const answer = k8s?.url === undefined ? { status: null, latencyMs: 0, error: 'deploy.kubernetes.url not set; readiness from the cluster' } : await deps.probe.probe(`${k8s.url}${deploy.health.path}`, deploy.health.timeoutSeconds * 1000);
  const probed = k8s?.url === undefined || answer.status === deploy.health.expectStatus;
  const healthy = state.available && state.readyReplicas >= state.replicas && probed;
  return {
    state: 'serving',
    healthy,
    stagingUrl: target.stagingUrl,
    supervisor: null,
    serving: { ...current, pid: null, port: k8s?.containerPort ?? 8080, health: { checkedAt, ...answer } },
    previous: null,
    message: `${current.releaseId} (run ${current.runId}, feature ${current.featureSha}) serves ${namespace}/${name} since ${current.since}: ${healthy ? 'healthy' : 'UNHEALTHY'} (${state.readyReplicas}/${state.replicas} ready${k8s?.url === undefined ? '' : `, GET ${deploy.health.path} → ${answer.status ?? answer.error ?? 'no response'}`})`,
  };
}

/** What serves staging, since when, from which run and feature SHA, and its health now (probed). */
export async function stagingStatus(project: ProjectRef, deps: StagingDeps): Promise<StagingStatus> {
  const deploy = project.config.deploy;
  if (deploy.target === 'kubernetes') return kubernetesStatus(project, deps);
  const stagingUrl = `http://${deploy.host}:${deploy.port}`;
  const state = readStagingState(project.root);
  const ping = await new SupervisorClient(socketPath(project.root)).ping();
  const live = ping === undefined ? undefined : await new SupervisorClient(socketPath(project.root)).state();
  const previous = live?.previous ?? state?.previous ?? null;
  if (live === undefined) {
    return { state: 'stopped', healthy: false, stagingUrl, supervisor: null, serving: null, previous, message: 'staging is not running: nothing serving' };
  }
  const supervisor = { pid: ping?.pid ?? 0, running: true };
  const url = live.proxy?.url ?? stagingUrl;
  if (live.serving === null) {
    return { state: 'nothing-serving', healthy: false, stagingUrl: url, supervisor, serving: null, previous, message: 'nothing serving staging' };
  }
  const checkedAt = deps.clock.now().toISOString();
  const answer = await deps.probe.probe(`${url}${deploy.health.path}`, deploy.health.timeoutSeconds * 1000);
  const healthy = answer.status === deploy.health.expectStatus;
  return {
    state: 'serving',
    healthy,
    stagingUrl: url,
    supervisor,
    serving: { ...live.serving, health: { checkedAt, ...answer } },
    previous,
    message: `${live.serving.releaseId} (run ${live.serving.runId}, feature ${live.serving.featureSha}) serves ${url} since ${live.serving.since}: ${healthy ? 'healthy' : 'UNHEALTHY'} (GET ${deploy.health.path} → ${answer.status ?? answer.error ?? 'no response'})${live.serving.restarts ? `; restarted ${live.serving.restarts} time(s) after crashing` : ''}`,
  };
}

/** Stops the supervisor, every service and the proxy. */
export async function stopStaging(project: ProjectRef, deps: Pick<StagingDeps, 'clock'>): Promise<{ stopped: boolean; pid?: number }> {
  const client = new SupervisorClient(socketPath(project.root));
  const ping = await client.ping();
  if (ping === undefined) return { stopped: false };
  await client.shutdown();
  const deadline = deps.clock.monotonicMs() + 15_000;
  while (deps.clock.monotonicMs() < deadline && (await client.ping()) !== undefined) await new Promise((r) => setTimeout(r, 50));
  return { stopped: true, pid: ping.pid };
}
