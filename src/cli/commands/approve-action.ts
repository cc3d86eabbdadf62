// The work behind `specgate approve`, loaded only when the command runs.
import * as path from 'node:path';
import { systemClock } from '../../adapters/clock.js';
import { UsageError } from '../../core/errors.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { approveRun } from '../../app/pipeline/approve.js';
import type { Approval } from '../../app/pipeline/evidence-port.js';
import { approvalSignerFor, fileEvidenceStore } from '../compose-evidence.js';
import { reportsDirOf } from '../../app/pipeline/run-inputs.js';
import { loadProject } from '../../app/project.js';
import type { CliContext } from '../context.js';
import type { ApproveFlags } from './approve.js';

export async function approveCommand(ctx: CliContext, runId: string, flags: ApproveFlags): Promise<Approval> {
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, ctx.cwd);
  const store = fileEvidenceStore(reportsDirOf(project), systemClock);
  if (flags.key !== undefined && flags.sshKey !== undefined) {
    throw new UsageError('INVALID_ARGUMENT', 'give --key (P-256) or --ssh-key (SSH), not both', { hint: 'an approval carries one signature' });
  }
  const signer = await approvalSignerFor(project, { ...(flags.key === undefined ? {} : { p256: flags.key }), ...(flags.sshKey === undefined ? {} : { ssh: path.resolve(ctx.cwd, flags.sshKey) }) }, ctx.env);
  return approveRun(
    { store, clock: systemClock, signedRequired: project.config.approvers.length > 0, ...(signer ? { signer } : {}) },
    { runId, by: flags.by, ...(flags.reason === undefined ? {} : { reason: flags.reason }) },
  );
}
