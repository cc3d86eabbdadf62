// The CLI's composition root: the only place that picks the Node adapters (file system, clock,
// processes, git, signer, evidence store) and hands them to the use cases in src/app as ports.
// Each area's wiring lives beside it (compose-evidence.ts, compose-deploy.ts, compose-store.ts).
// src/index.ts re-exports nodePipelineDeps so library users get the same wiring.
import * as os from 'node:os';
import { systemClock } from '../adapters/clock.js';
import { readManifest } from '../adapters/evidence/run-store.js';
import { NodeGit } from '../adapters/git.js';
import { nodeImageSources } from '../adapters/image/sources.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { NodeProcessRunner } from '../adapters/process-runner.js';
import { loadSigner } from '../adapters/security/node-signer.js';
import { packDeterministic } from '../adapters/security/release-archive.js';
import { fileEvidenceStore, nodeApprovalKeys, nodeEvidencePorts } from './compose-evidence.js';
import type { PipelineDeps } from '../app/pipeline/ports.js';
import { stageRegistry } from '../app/pipeline/registry.js';
import { gitState, reportsDirOf, snapshotSpecs } from '../app/pipeline/run-inputs.js';
import { prepareSealing } from '../app/pipeline/sealing.js';
import type { PipelineEvent } from '../app/pipeline/stage.js';
import type { Project } from '../app/project.js';
import type { StageAdapters } from '../app/stages/ports.js';
import { generateStagePorts } from './compose-branch.js';
import { deployStagePorts } from './compose-deploy.js';
import { validateStageAdapters } from './compose-scenarios.js';
import { securityStageAdapters } from './compose-security.js';

/** What the validate, generate, build, deploy and audit stages reach beyond their StageContext. */
export const stageAdapters: StageAdapters = { pack: packDeterministic, images: nodeImageSources, ...validateStageAdapters, ...securityStageAdapters, ...generateStagePorts, ...deployStagePorts, ledger: nodeEvidencePorts.ledger, approvals: nodeApprovalKeys };

/** Who started a run: SPECGATE_INITIATOR, else the OS user. Approvals must come from someone else. */
export function initiatorFrom(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = env.SPECGATE_INITIATOR?.trim();
  if (explicit) return explicit;
  return env.USER ?? env.LOGNAME ?? os.userInfo().username;
}

/** The pipeline's ports wired to Node: real disk, clock, processes, git, signing key and evidence store. */
export async function nodePipelineDeps(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly version: string;
  readonly emit: (event: PipelineEvent) => void;
}): Promise<PipelineDeps> {
  const fs = new NodeFileSystem();
  const processes = new NodeProcessRunner();
  const git = new NodeGit();
  const signerOf = (project: Project) => loadSigner({ fs, env: options.env, root: project.root, signing: project.config.signing });
  return {
    fs,
    clock: systemClock,
    processes,
    env: options.env,
    signal: options.signal,
    toolVersion: options.version,
    stages: await stageRegistry(stageAdapters),
    snapshotSpecs: (project) => snapshotSpecs(fs, project, options.version, options.signal),
    openEvidence: (project) => fileEvidenceStore(reportsDirOf(project), systemClock),
    gitState: (root) => gitState(git, processes, root),
    prepareSealing: (run, project) => prepareSealing({ fs, loadSigner: signerOf, readManifest }, run, project),
    loadSigner: signerOf,
    approvals: nodeApprovalKeys,
    emit: options.emit,
  };
}
