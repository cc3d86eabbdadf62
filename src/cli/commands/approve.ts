// `specgate approve`: four-eyes approval of a compliance run paused before deploy.
import type { Command } from 'commander';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';

interface ApproveFlags {
  by: string;
  reason?: string;
  key?: string;
  json?: boolean;
}

export const registerApprove: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('approve')
    .description(
      'Approve a compliance run that is awaiting approval before deploy.\n' +
        'The approver must not be the run’s initiator; with approvers configured the approval must be signed.',
    )
    .argument('<run-id>', 'the run to approve (see `specgate runs --status awaiting-approval`)')
    .requiredOption('--by <name>', 'who approves (must differ from the initiator)')
    .option('--reason <text>', 'why, recorded with the approval')
    .option('--key <file>', 'sign the approval with this PEM private key (its public key must be listed under approvers:)')
    .option('--json', 'print the recorded approval as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate approve 20250924140440 --by alice', 'record an approval'],
        ['specgate approve 20250924140440 --by alice --key alice.key --reason "CAB-1234"', 'signed approval'],
        ['specgate run --resume 20250924140440', 'then deploy the approved run'],
      ),
    )
    .action(async (runId: string, flags: ApproveFlags) => {
      const { approveCommand } = await import('./approve-action.js');
      const approval = await approveCommand(ctx, runId, flags);
      if (flags.json) printJson(ctx, approval);
      else ctx.stdout(`approved run ${runId} by ${approval.by}; continue with: specgate run --resume ${runId}\n`);
    });
};

export type { ApproveFlags };
