// The work behind `specgate approve`, loaded only when the command runs.
import { systemClock } from '../../adapters/clock.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { approveRun } from '../../app/pipeline/approve.js';
import type { Approval } from '../../app/pipeline/evidence-port.js';
import { fileEvidenceStore } from '../../app/pipeline/evidence-store.js';
import { reportsDirOf } from '../../app/pipeline/wiring.js';
import { loadProject } from '../../app/project.js';
import type { CliContext } from '../context.js';
import type { ApproveFlags } from './approve.js';

export async function approveCommand(ctx: CliContext, runId: string, flags: ApproveFlags): Promise<Approval> {
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd);
  const store = fileEvidenceStore(reportsDirOf(project), systemClock);
  const signer = flags.key === undefined ? undefined : await (await import('../../app/pipeline/approval-signer.js')).approvalSigner(project, flags.key, ctx.env);
  return approveRun(
    { store, clock: systemClock, signedRequired: project.config.approvers.length > 0, ...(signer ? { signer } : {}) },
    { runId, by: flags.by, ...(flags.reason === undefined ? {} : { reason: flags.reason }) },
  );
}
