// `specgate approve`: four-eyes approval of a compliance run paused before deploy.
import type { Command } from 'commander';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';

interface ApproveFlags {
  by: string;
  reason?: string;
  key?: string;
  sshKey?: string;
  json?: boolean;
}

export const registerApprove: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('approve')
    .description(
      'Approve a compliance run that is awaiting approval before deploy.\n' +
        'The approver must not be the run’s initiator; in compliance the approval must be signed by a key listed\n' +
        'under approvers: in specgate.yaml (P-256 with --key, or SSH with --ssh-key checked against allowed_signers).',
    )
    .argument('<run-id>', 'the run to approve (see `specgate runs --status awaiting-approval`)')
    .requiredOption('--by <name>', 'who approves (must differ from the initiator)')
    .option('--reason <text>', 'why, recorded with the approval')
    .option('--key <file>', 'sign the approval with this P-256 PEM private key (its public key must be listed under approvers:)')
    .option('--ssh-key <file>', 'sign with this SSH private key via `ssh-keygen -Y sign -n specgate-approval` (the approver’s allowed_signers entry must match)')
    .option('--json', 'print the recorded approval as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate approve 20250924140440 --by alice --key alice.key --reason "CAB-1234"', 'approval signed with a P-256 key'],
        ['specgate approve 20250924140440 --by alice@example.com --ssh-key ~/.ssh/id_ed25519', 'approval signed with an SSH key'],
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
