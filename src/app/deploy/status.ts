// `specgate status` and `specgate stop`: what serves staging now (probed, never assumed), and
// shutting the local staging down.
import * as path from 'node:path';
import type { StagingView } from '../../core/deploy/staging-ports.js';
import { dnsLabel } from '../../core/deploy/kubernetes.js';
import type { StagingDeps } from './ports.js';
import type { ProjectRef } from './staging.js';

export interface StagingStatus {
  readonly state: 'serving' | 'nothing-serving' | 'stopped';
  readonly healthy: boolean;
  readonly stagingUrl: string;
  readonly supervisor: { readonly pid: number; readonly running: boolean } | null;
  readonly serving: (NonNullable<StagingView['serving']> & { readonly health: { readonly checkedAt: string; readonly status: number | null; readonly latencyMs: number; readonly error?: string } }) | null;
  readonly previous: StagingView['previous'];
  readonly message: string;
}

/** Kubernetes: the deployment's labels and readiness (the kubelet probes /healthz), plus a probe of deploy.kubernetes.url when set. */
async function kubernetesStatus(project: ProjectRef, deps: StagingDeps): Promise<StagingStatus> {
  const deploy = project.config.deploy;
  const k8s = deploy.kubernetes;
  const name = dnsLabel(project.config.name ?? path.basename(project.root));
  const namespace = k8s?.namespace ?? 'staging';
  const target = deps.targets.kubernetes({
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
  const state = deps.staging.readState(project.root);
  const client = deps.staging.supervisor(project.root);
  const ping = await client.ping();
  const live = ping === undefined ? undefined : await client.state();
  const previous = live?.previous ?? state?.previous ?? null;
  if (live === undefined) {
    // No supervisor: one killed with SIGKILL may have left its services running (docs/deploy.md).
    const reaped = await deps.staging.sweepOrphans(project.root);
    const note = reaped.length === 0 ? '' : `; stopped ${reaped.length} service(s) a killed supervisor left running (pid ${reaped.map((s) => s.pid).join(', ')})`;
    return { state: 'stopped', healthy: false, stagingUrl, supervisor: null, serving: null, previous, message: `staging is not running: nothing serving${note}` };
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
export async function stopStaging(project: ProjectRef, deps: Pick<StagingDeps, 'clock' | 'staging'>): Promise<{ stopped: boolean; pid?: number; reapedPids?: number[] }> {
  const client = deps.staging.supervisor(project.root);
  const ping = await client.ping();
  if (ping === undefined) {
    const reaped = await deps.staging.sweepOrphans(project.root);
    return reaped.length === 0 ? { stopped: false } : { stopped: false, reapedPids: reaped.map((s) => s.pid) };
  }
  await client.shutdown();
  const deadline = deps.clock.monotonicMs() + 15_000;
  while (deps.clock.monotonicMs() < deadline && (await client.ping()) !== undefined) await new Promise((r) => setTimeout(r, 50));
  return { stopped: true, pid: ping.pid };
}
