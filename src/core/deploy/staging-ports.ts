// The ports of staging itself, beside the DeployTarget/HealthProbe pair in ports.ts: where a
// project's local staging keeps its state and how to reach its supervisor (LocalStaging), and the
// registry that builds a target for a deploy (DeployTargets). The use cases in src/app/deploy take
// these; the composition roots (src/cli/compose-deploy.ts) hand in the Node adapters.
import type { HealthPolicy } from './health.js';
import type { RenderedManifests } from './kubernetes.js';
import type { DeployTarget, HealthProbe, ReleaseRef, ServingRelease } from './ports.js';
import type { Clock, FileSystem, ProcessRunner } from '../ports.js';
import type { SecretPolicy } from '../security/redact.js';

/** What the local staging's state (`.specgate/staging.json`, or the live supervisor) tells a client. */
export interface StagingView {
  readonly proxy: { readonly host: string; readonly port: number; readonly url: string } | null;
  /** What staging traffic goes to, since when, on which local port. */
  readonly serving: (ServingRelease & { readonly pid: number | null; readonly port: number; readonly restarts?: number }) | null;
  /** What served before `serving`: the rollback target. */
  readonly previous: ReleaseRef | null;
}

/** The project's staging supervisor, as its clients see it. Each call is one request. */
export interface StagingSupervisor {
  /** Undefined when no supervisor answers (not started, or gone). */
  ping(): Promise<{ readonly pid: number } | undefined>;
  state(): Promise<StagingView>;
  /** Stops every service, the proxy and the supervisor itself. */
  shutdown(): Promise<void>;
}

/** Where a project's local staging lives on this machine, and the one-deploy-at-a-time lock. */
export interface LocalStaging {
  /** The project's deploy state folder (supervisor, releases, rendered manifests, deploy reports). */
  stateDir(root: string): string;
  /** Where an installed release lives (`.specgate/releases/<releaseId>`). */
  releaseDir(root: string, releaseId: string): string;
  /** The state as last written to disk, or undefined when there is none (or it is unreadable). */
  readState(root: string): StagingView | undefined;
  supervisor(root: string): StagingSupervisor;
  /**
   * The startup sweep, for when no supervisor answers: stops every service the recorded supervisor
   * left running if that supervisor is gone (kill -9), matching pid and start time so a recycled
   * pid is never signalled. Returns what it stopped.
   */
  sweepOrphans(root: string): Promise<readonly { readonly releaseId: string; readonly pid: number }[]>;
  /** Runs `work` holding the project's deploy lock; a second deploy at once fails with DEPLOY_IN_PROGRESS. */
  withDeployLock<T>(root: string, holder: string, work: () => Promise<T>): Promise<T>;
}

export interface LocalTargetOptions {
  readonly root: string;
  readonly host: string;
  readonly port: number;
  readonly command: string;
  readonly health: HealthPolicy;
  /** release.tar.gz of the run being deployed; undefined when re-starting an installed release. */
  readonly archive?: string;
  readonly memoryLimitBytes: number;
  /** Environment of the service (PORT is added by the supervisor). */
  readonly env: Readonly<Record<string, string>>;
  /** Which of `env` are secrets, removed from the service's log (docs/security.md). */
  readonly redaction?: SecretPolicy;
  readonly probe: HealthProbe;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

export interface KubernetesTargetOptions {
  readonly manifests: RenderedManifests;
  /** Folder the manifests are written to before `kubectl apply -f`. */
  readonly outDir: string;
  readonly fs: FileSystem;
  readonly processes: ProcessRunner;
  readonly clock: Clock;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly rolloutTimeoutSeconds: number;
  readonly context?: string;
  readonly url?: string;
  readonly signal?: AbortSignal;
}

/** The deployment as the cluster reports it: what it runs (labels) and whether it is ready now. */
export interface KubernetesDeploymentState {
  readonly serving: ServingRelease;
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly available: boolean;
}

/** The Kubernetes target also tells `status` the deployment's readiness, read by `current()`. */
export interface KubernetesDeployTarget extends DeployTarget {
  readonly state: KubernetesDeploymentState | undefined;
}

/** The target registry: one factory per DeployTargetName. */
export interface DeployTargets {
  local(options: LocalTargetOptions): DeployTarget;
  kubernetes(options: KubernetesTargetOptions): KubernetesDeployTarget;
  /** Writes the rendered manifests into `outDir` (for `--dry-run`); returns the files written. */
  writeManifests(fs: FileSystem, outDir: string, manifests: RenderedManifests): Promise<string[]>;
}
