// The ports the deploy use cases (deploy, rollback, status, stop, the deploy stage) take: the
// outside world of a deploy in one bundle, wired by a composition root (src/cli/compose-deploy.ts).
import type { HealthProbe } from '../../core/deploy/ports.js';
import type { DeployTargets, LocalStaging } from '../../core/deploy/staging-ports.js';
import type { Clock, FileSystem, ProcessRunner } from '../../core/ports.js';

export interface StagingDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly probe: HealthProbe;
  /** The project's local staging: state folder, supervisor, deploy lock. */
  readonly staging: LocalStaging;
  /** Builds the target a deploy goes to (local or Kubernetes). */
  readonly targets: DeployTargets;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
}
