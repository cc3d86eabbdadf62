// The deploy area's composition root: picks the Node adapters for the staging ports (state folder,
// supervisor client, deploy lock, local and Kubernetes targets, HTTP health probe) and hands them to
// the use cases in src/app/deploy. Used by the deploy/rollback/status/stop commands, the deploy
// stage (through stageAdapters in compose.ts), the dashboard's staging panel and src/index.ts.
import { systemClock } from '../adapters/clock.js';
import { httpHealthProbe } from '../adapters/deploy/http-probe.js';
import { nodeDeployTargets, nodeLocalStaging } from '../adapters/deploy/node-staging.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { NodeProcessRunner } from '../adapters/process-runner.js';
import * as rollback from '../app/deploy/rollback.js';
import * as runDeploy from '../app/deploy/run-deploy.js';
import * as staging from '../app/deploy/staging.js';
import * as status from '../app/deploy/status.js';
import type { StagingDeps } from '../app/deploy/ports.js';
import type { DeployStagePorts } from '../app/stages/ports.js';

/** What the deploy stage reaches beyond its StageContext (spread into stageAdapters). */
export const deployStagePorts: DeployStagePorts = { probe: httpHealthProbe, staging: nodeLocalStaging, targets: nodeDeployTargets };

/** The deploy use cases' ports wired to Node: real disk, clock, processes, supervisor and targets. */
export function nodeStagingDeps(options: { readonly env: StagingDeps['env']; readonly signal?: AbortSignal; readonly log?: (message: string) => void }): StagingDeps {
  return {
    fs: new NodeFileSystem(),
    clock: systemClock,
    processes: new NodeProcessRunner(),
    ...deployStagePorts,
    env: options.env,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.log === undefined ? {} : { log: options.log }),
  };
}

/**
 * The dashboard's staging panel: `specgate status` for one project, probed with its health check.
 * A shell's composition root (src/cli/commands/serve.ts, src/server/compose.ts) passes it as `staging`.
 */
export function stagingStatusReader(project: staging.ProjectRef, options: { readonly env: StagingDeps['env']; readonly signal?: AbortSignal }): () => Promise<status.StagingStatus> {
  const deps = nodeStagingDeps(options);
  return () => status.stagingStatus(project, deps);
}

// The library API (src/index.ts) as it was before the staging ports: callers hand in the basic
// ports only, and the Node staging (supervisor, lock, targets) is filled in unless they give their own.
type LibraryStagingDeps = Omit<StagingDeps, 'staging' | 'targets'> & Partial<Pick<StagingDeps, 'staging' | 'targets'>>;

function withNodeStaging<T extends Partial<Pick<StagingDeps, 'staging' | 'targets'>>>(deps: T): T & Pick<StagingDeps, 'staging' | 'targets'> {
  return { ...deps, staging: deps.staging ?? nodeLocalStaging, targets: deps.targets ?? nodeDeployTargets };
}

/** `specgate deploy [RUN]` (src/app/deploy/run-deploy.ts) with the Node staging. */
export function deployCommand(input: runDeploy.DeployCommandInput, deps: LibraryStagingDeps): Promise<runDeploy.DeployCommandResult> {
  return runDeploy.deployCommand(input, withNodeStaging(deps));
}

/** Deploys one release with the configured policy (src/app/deploy/staging.ts) with the Node targets. */
export function deployRelease(request: staging.DeployRequest, deps: LibraryStagingDeps): Promise<staging.DeployResult> {
  return staging.deployRelease(request, withNodeStaging(deps));
}

/** `specgate rollback` (src/app/deploy/rollback.ts) with the Node staging. */
export function rollbackStaging(project: staging.ProjectRef, deps: LibraryStagingDeps): Promise<staging.DeployResult> {
  return rollback.rollbackStaging(project, withNodeStaging(deps));
}

/** `specgate status` (src/app/deploy/status.ts) with the Node staging. */
export function stagingStatus(project: staging.ProjectRef, deps: LibraryStagingDeps): Promise<status.StagingStatus> {
  return status.stagingStatus(project, withNodeStaging(deps));
}

/** `specgate stop` (src/app/deploy/status.ts) with the Node staging. */
export function stopStaging(project: staging.ProjectRef, deps: Pick<StagingDeps, 'clock'> & Partial<Pick<StagingDeps, 'staging'>>): ReturnType<typeof status.stopStaging> {
  return status.stopStaging(project, { ...deps, staging: deps.staging ?? nodeLocalStaging });
}
