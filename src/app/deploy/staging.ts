// Deploying a release to staging, shared by `specgate deploy`, the deploy stage and rollback: the
// settings in force, the service environment, and the target registry (docs/ARCHITECTURE.md).
// Status and stop live in status.ts, rollback in rollback.ts.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import type { HealthPolicy } from '../../core/deploy/health.js';
import { chooseDeployImage } from '../../core/image/deploy-image.js';
import { renderKubernetesManifests, type RenderedManifests } from '../../core/deploy/kubernetes.js';
import type { DeployTarget, DeployTargetName, ReleaseRef } from '../../core/deploy/ports.js';
import type { DeployReport } from '../../core/deploy/report.js';
import { effectiveResources, nodeHeapMi, withMeasuredUsage, type ResourceSettings } from '../../core/deploy/resources.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import type { LocalTargetOptions } from '../../core/deploy/staging-ports.js';
import { sha256Hex } from '../../core/data.js';
import { runDeploy } from './attempts.js';
import type { StagingDeps } from './ports.js';

export type { StagingDeps };

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

/** The run's image (image.json) as the Kubernetes target needs it. */
export interface RunImageRef {
  readonly reference: string;
  readonly user: string;
}

export function kubernetesManifests(project: ProjectRef, release: ReleaseRef, resources: ResourceSettings, runImage?: RunImageRef): RenderedManifests {
  const k8s = project.config.deploy.kubernetes;
  const chosen = chooseDeployImage({ ...(k8s?.image === undefined ? {} : { configured: k8s.image }), ...(runImage === undefined ? {} : { run: runImage }), mode: project.config.mode });
  return renderKubernetesManifests({
    app: project.config.name ?? path.basename(project.root),
    namespace: k8s?.namespace ?? 'staging',
    image: chosen.image,
    release,
    resources,
    health: healthPolicy(project.config.deploy),
    containerPort: k8s?.containerPort ?? 8080,
    rolloutTimeoutSeconds: k8s?.rolloutTimeoutSeconds ?? 120,
    readOnlyRootFilesystem: project.config.build.image?.readOnlyRootFilesystem ?? true,
    ...(chosen.runAs === undefined ? {} : { runAs: chosen.runAs }),
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
  /** The image the run built (image.json), deployed by digest by the Kubernetes target. */
  readonly image?: RunImageRef;
}

export interface DeployResult {
  readonly report: DeployReport;
  /** resource-estimates.json with `measured` filled in, when the run had one and usage was measured. */
  readonly resourceEstimates?: Record<string, unknown>;
}

type TargetFactory = (request: DeployRequest, resources: ResourceSettings, deps: StagingDeps) => DeployTarget;

const targets: Record<DeployTargetName, TargetFactory> = {
  local: (request, resources, deps) => deps.targets.local({ ...localOptions(request.project, resources, deps, request.release), archive: request.archive }),
  kubernetes: (request, resources, deps) => {
    const k8s = request.project.config.deploy.kubernetes;
    return deps.targets.kubernetes({
      manifests: kubernetesManifests(request.project, request.release, resources, request.image),
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
    return { resources, manifests: await deps.targets.writeManifests(deps.fs, request.manifestsDir, kubernetesManifests(request.project, request.release, resources, request.image)) };
  }
  targets.local(request, resources, deps);
  return { resources, manifests: [] };
}

export function localOptions(project: ProjectRef, resources: ResourceSettings, deps: StagingDeps, release: ReleaseRef): LocalTargetOptions {
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
    redaction: project.config.redaction,
    probe: deps.probe,
    clock: deps.clock,
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
}
