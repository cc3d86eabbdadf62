// `specgate rollback`: staging goes back to the release recorded as `previous` (installed under
// .specgate/releases/), through the same health-checked switch as a deploy.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import { effectiveResources } from '../../core/deploy/resources.js';
import { runDeploy } from './attempts.js';
import { healthPolicy, localOptions, serviceEnv, type DeployResult, type ProjectRef } from './staging.js';
import type { StagingDeps } from './ports.js';

/** Switches staging back to the release that served before the current one. */
export function rollbackStaging(project: ProjectRef, deps: StagingDeps): Promise<DeployResult> {
  return deps.staging.withDeployLock(project.root, 'rollback', () => rollbackUnlocked(project, deps));
}

async function rollbackUnlocked(project: ProjectRef, deps: StagingDeps): Promise<DeployResult> {
  const state = deps.staging.readState(project.root);
  const back = state?.previous ?? null;
  if (back === null) {
    throw new DeployError('NOTHING_TO_ROLL_BACK', 'no earlier release is recorded for staging', {
      path: path.join('.specgate', 'staging.json'),
      hint: 'deploy a run with `specgate deploy <run-id>` instead',
    });
  }
  const dir = deps.staging.releaseDir(project.root, back.releaseId);
  if ((await deps.fs.stat(dir))?.kind !== 'directory') {
    throw new DeployError('NOTHING_TO_ROLL_BACK', `release ${back.releaseId} is no longer installed`, { path: dir, hint: `deploy run ${back.runId} again with \`specgate deploy ${back.runId}\`` });
  }
  const resources = effectiveResources(project.config.deploy.resources, undefined);
  const target = deps.targets.local(localOptions(project, resources, deps, back));
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
