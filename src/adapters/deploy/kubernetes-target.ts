// The Kubernetes staging target: `kubectl apply` of the rendered Namespace/Deployment/Service,
// `kubectl rollout status --timeout` as the health check (readiness probes on /healthz gate the
// rolling update, so the old pod serves until the new one is ready), `kubectl rollout undo` when an
// attempt fails. Same retry policy and report as the local target, through the same port.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import type { HealthSample } from '../../core/deploy/health.js';
import type { RenderedManifests } from '../../core/deploy/kubernetes.js';
import type { Candidate, ReadinessOutcome, ReleaseRef, ServingRelease } from '../../core/deploy/ports.js';
import type { KubernetesDeploymentState, KubernetesDeployTarget, KubernetesTargetOptions } from '../../core/deploy/staging-ports.js';
import type { ResourceMeasurement } from '../../core/deploy/resources.js';
import type { FileSystem } from '../../core/ports.js';

export type { KubernetesDeploymentState, KubernetesTargetOptions };

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
}

export async function writeManifests(fs: FileSystem, outDir: string, manifests: RenderedManifests): Promise<string[]> {
  await fs.mkdirp(outDir);
  const written: string[] = [];
  for (const file of manifests.files) {
    const target = path.join(outDir, file.path);
    await fs.writeAtomic(target, file.content);
    written.push(target);
  }
  return written;
}

interface DeploymentDoc {
  metadata?: { labels?: Record<string, string>; creationTimestamp?: string; annotations?: Record<string, string> };
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; conditions?: { type?: string; status?: string; lastTransitionTime?: string }[] };
}

/** `kubectl get deployment -o json`, read: what it runs (labels) and whether it is ready now. */
export function parseDeployment(json: string): KubernetesDeploymentState {
  const doc = JSON.parse(json) as DeploymentDoc;
  const labels = doc.metadata?.labels ?? {};
  const runId = labels['specgate.dev/run-id'] ?? 'unknown';
  const available = doc.status?.conditions?.find((c) => c.type === 'Available');
  return {
    serving: {
      releaseId: runId,
      runId,
      featureSha: labels['specgate.dev/feature-sha'] ?? 'unknown',
      since: available?.lastTransitionTime ?? doc.metadata?.creationTimestamp ?? 'unknown',
    },
    replicas: doc.spec?.replicas ?? 1,
    readyReplicas: doc.status?.readyReplicas ?? 0,
    available: available?.status === 'True',
  };
}

export class KubernetesTarget implements KubernetesDeployTarget {
  readonly name = 'kubernetes' as const;
  readonly stagingUrl: string;
  private previous: ServingRelease | undefined;

  constructor(private readonly options: KubernetesTargetOptions) {
    this.stagingUrl = options.url ?? `kubernetes://${options.manifests.namespace}/service/${options.manifests.deploymentName}`;
  }

  private async kubectl(args: readonly string[], timeoutMs = 60_000): Promise<{ ok: boolean; stdout: string; stderr: string; durationMs: number }> {
    const full = [...(this.options.context ? ['--context', this.options.context] : []), ...args];
    let result;
    try {
      result = await this.options.processes.run({
        command: 'kubectl',
        args: full,
        cwd: this.options.cwd,
        env: this.options.env,
        timeoutMs,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
    } catch (error) {
      throw new DeployError('KUBECTL_FAILED', `cannot run kubectl: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        hint: 'install kubectl and point it at the staging cluster (KUBECONFIG), or use --target local',
      });
    }
    return { ok: result.exitCode === 0 && !result.timedOut, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
  }

  private get ns(): string[] {
    return ['--namespace', this.options.manifests.namespace];
  }

  async current(): Promise<ServingRelease | undefined> {
    const name = this.options.manifests.deploymentName;
    const got = await this.kubectl(['get', 'deployment', name, ...this.ns, '--output', 'json']);
    if (!got.ok) {
      if (/NotFound|not found/i.test(got.stderr)) return undefined;
      throw new DeployError('KUBECTL_FAILED', `kubectl get deployment ${name} failed: ${lastLine(got.stderr)}`, { hint: 'check the cluster connection (kubectl cluster-info)' });
    }
    this.state = parseDeployment(got.stdout);
    this.previous = this.state.serving;
    return this.previous;
  }

  /** The deployment as `current()` last read it (status uses it). */
  state: KubernetesDeploymentState | undefined;

  async start(release: ReleaseRef, attempt: number): Promise<Candidate> {
    const written = await writeManifests(this.options.fs, this.options.outDir, this.options.manifests);
    const all = written.find((f) => f.endsWith('kubernetes.yaml')) ?? this.options.outDir;
    const applied = await this.kubectl(['apply', '--filename', all]);
    // Not a DeployError: a failed apply is a failed attempt, retried by the policy.
    if (!applied.ok) throw new Error(`kubectl apply failed: ${lastLine(applied.stderr)}`);
    return { release, attempt, endpoint: `deployment/${this.options.manifests.deploymentName}` };
  }

  async awaitHealthy(candidate: Candidate, onSample: (sample: HealthSample) => void): Promise<ReadinessOutcome> {
    const time = this.options.clock.now().toISOString();
    const timeout = Math.ceil(this.options.rolloutTimeoutSeconds);
    const rollout = await this.kubectl(['rollout', 'status', candidate.endpoint, ...this.ns, `--timeout=${timeout}s`], (timeout + 30) * 1000);
    onSample({
      time,
      elapsedMs: Math.round(rollout.durationMs),
      status: null,
      latencyMs: Math.round(rollout.durationMs),
      ok: rollout.ok,
      ...(rollout.ok ? {} : { error: lastLine(rollout.stderr) || 'rollout did not complete' }),
    });
    return rollout.ok
      ? { kind: 'healthy', reason: `kubectl rollout status: ${lastLine(rollout.stdout) || 'rolled out'} (readiness probe on /healthz)` }
      : { kind: 'unhealthy', reason: `kubectl rollout status did not succeed within ${timeout} s: ${lastLine(rollout.stderr) || lastLine(rollout.stdout)}` };
  }

  promote(): Promise<void> {
    // The rolling update already moved traffic as the new pods became ready.
    return Promise.resolve();
  }

  async abandon(candidate: Candidate): Promise<void> {
    const name = this.options.manifests.deploymentName;
    const undo =
      this.previous === undefined
        ? await this.kubectl(['delete', 'deployment', name, ...this.ns, '--ignore-not-found'])
        : await this.kubectl(['rollout', 'undo', candidate.endpoint, ...this.ns]);
    if (!undo.ok) {
      throw new DeployError('KUBECTL_FAILED', `could not roll back ${candidate.endpoint}: ${lastLine(undo.stderr)}`, {
        hint: `inspect with \`kubectl rollout history ${candidate.endpoint} -n ${this.options.manifests.namespace}\``,
      });
    }
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  usage(): Promise<ResourceMeasurement | undefined> {
    // The kubelet enforces the limits; measuring needs metrics-server, which specgate does not assume.
    return Promise.resolve(undefined);
  }

  clear(): Promise<void> {
    return Promise.resolve();
  }
}
