// The Node implementations of the staging ports (src/core/deploy/staging-ports.ts): the state
// folder under .specgate/, the supervisor's unix-socket client, the deploy lock, and the target
// registry. The composition roots (src/cli/compose-deploy.ts) hand these to the deploy use cases.
import type { DeployTargets, LocalStaging } from '../../core/deploy/staging-ports.js';
import { readStagingState, socketPath, stateDir, SupervisorClient } from './control.js';
import { KubernetesTarget, writeManifests } from './kubernetes-target.js';
import { LocalTarget, releaseDir } from './local-target.js';
import { withDeployLock } from './lock.js';
import { sweepOrphans } from './supervisor-sweep.js';

export const nodeLocalStaging: LocalStaging = {
  stateDir,
  releaseDir,
  readState: readStagingState,
  supervisor: (root) => new SupervisorClient(socketPath(root)),
  sweepOrphans,
  withDeployLock,
};

export const nodeDeployTargets: DeployTargets = {
  local: (options) => new LocalTarget(options),
  kubernetes: (options) => new KubernetesTarget(options),
  writeManifests,
};
