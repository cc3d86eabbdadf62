// `specgate deploy [RUN]` as an application function: find the run, enforce the compliance approval,
// deploy its release.tar.gz, and keep the report. A finished run's evidence folder is signed and
// listed in its manifest, so a deploy after the fact writes its report beside the staging state
// (`.specgate/deploys/<run-id>-<time>/`), never into the run folder.
import * as path from 'node:path';
import type { DeployTargetName } from '../../core/deploy/ports.js';
import type { DeployReport } from '../../core/deploy/report.js';
import type { ResourceSettings } from '../../core/deploy/resources.js';
import { assertDeployAllowed, locateRun } from './locate.js';
import { readRunImage } from '../image/run-image.js';
import { deployRelease, planDeploy, type ProjectRef } from './staging.js';
import type { StagingDeps } from './ports.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export interface DeployCommandInput {
  readonly project: ProjectRef;
  readonly run?: string;
  readonly target?: DeployTargetName;
  readonly dryRun?: boolean;
}

export type DeployCommandResult =
  | { readonly kind: 'deployed'; readonly report: DeployReport; readonly reportFile: string; readonly runDir: string }
  | { readonly kind: 'unchanged'; readonly runId: string; readonly since: string }
  | { readonly kind: 'dry-run'; readonly runId: string; readonly target: DeployTargetName; readonly resources: ResourceSettings; readonly manifests: readonly string[]; readonly archive: string };

async function readJson(deps: StagingDeps, file: string): Promise<Record<string, unknown> | undefined> {
  if ((await deps.fs.stat(file))?.kind !== 'file') return undefined;
  try {
    return JSON.parse(await deps.fs.readText(file)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function deployCommand(input: DeployCommandInput, deps: StagingDeps): Promise<DeployCommandResult> {
  const { project } = input;
  const reportsDir = path.resolve(project.root, project.config.reports);
  const located = await locateRun(deps.fs, reportsDir, input.run);
  await assertDeployAllowed(deps.fs, located, project.config.approvers.length > 0);
  const target = input.target ?? project.config.deploy.target;
  const stamp = deps.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const outDir = path.join(deps.staging.stateDir(project.root), 'deploys', `${located.runId}-${stamp}`);
  const estimates = await readJson(deps, path.join(located.runDir, EVIDENCE_FILE.estimates));
  const image = await readRunImage(deps.fs, located.runDir);
  const request = {
    project,
    release: { releaseId: located.runId, runId: located.runId, featureSha: located.featureSha },
    archive: located.archive,
    target,
    manifestsDir: path.join(outDir, 'kubernetes'),
    ...(estimates === undefined ? {} : { resourceEstimates: estimates }),
    ...(image === undefined ? {} : { image: { reference: image.reference, user: image.process.user } }),
  };
  if (input.dryRun) {
    const plan = await planDeploy(request, deps);
    return { kind: 'dry-run', runId: located.runId, target, resources: plan.resources, manifests: plan.manifests, archive: located.archive };
  }
  // Deploying what already serves is a no-op, not a failure (the local target knows; Kubernetes
  // re-applies identical manifests harmlessly).
  const serving = target === 'local' ? deps.staging.readState(project.root)?.serving : undefined;
  if (serving?.releaseId === located.runId && (await deps.staging.supervisor(project.root).ping()) !== undefined) {
    return { kind: 'unchanged', runId: located.runId, since: serving.since };
  }
  const result = await deps.staging.withDeployLock(project.root, `deploy of run ${located.runId}`, () => deployRelease(request, deps));
  await deps.fs.mkdirp(outDir);
  const reportFile = path.join(outDir, EVIDENCE_FILE.deploy);
  await deps.fs.writeAtomic(reportFile, `${JSON.stringify(result.report, null, 2)}\n`);
  if (result.resourceEstimates !== undefined) {
    await deps.fs.writeAtomic(path.join(outDir, EVIDENCE_FILE.estimates), `${JSON.stringify(result.resourceEstimates, null, 2)}\n`);
  }
  return { kind: 'deployed', report: result.report, reportFile, runDir: located.runDir };
}
