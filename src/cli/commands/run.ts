// `specgate run`: the whole pipeline, or a slice of it, with live progress.
import { Option, type Command } from 'commander';
import { examples, type CliContext, type RegisterCommand } from '../context.js';

interface RunFlags {
  mode?: 'sandbox' | 'compliance';
  stages?: string;
  from?: string;
  until?: string;
  resume?: string;
  hold?: boolean;
  json?: boolean;
}

export const registerRun: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('run')
    .description(
      'Run the pipeline: preflight → validate → generate → build → deploy → audit.\n' +
        'Evidence goes to reports/<feature-sha>/<run-id>/, one ledger line per checkpoint.',
    )
    .addOption(new Option('--mode <mode>', 'gate strictness (default: mode in specgate.yaml)').choices(['sandbox', 'compliance']))
    .option('--stages <list>', 'only these stages, comma-separated (others are recorded as skipped)')
    .option('--from <stage>', 'start at this stage')
    .option('--until <stage>', 'stop after this stage')
    .option('--resume <run-id>', 'continue a run paused at the approval gate or held with --hold')
    .option('--hold', 'leave the run open after the selected stages, for a later --resume (CI jobs)')
    .option('--json', 'print one NDJSON event per line instead of progress')
    .addHelpText(
      'after',
      examples(
        ['specgate run', 'the whole pipeline in the configured mode'],
        ['specgate run --mode compliance', 'strict: fail fast, signatures and approval required'],
        ['specgate run --stages preflight,validate', 'just the checks'],
        ['specgate run --until build --json', 'machine-readable events (NDJSON)'],
        ['specgate run --resume 20250924140440', 'deploy a run after `specgate approve`'],
        ['specgate run --stages preflight,validate --hold', 'first CI job: the run stays open (paused)'],
      ) +
        '\nEvents (--json): run.started, stage.started, stage.finished, finding, gate, log, run.finished.\n' +
        'Exit codes: 0 success or warnings · 1 a gate failed · 2 bad usage/config · 3 blocked or awaiting approval · 130 interrupted\n',
    )
    .action(async (flags: RunFlags) => {
      const { runCommand } = await import('./run-action.js');
      ctx.exitCode = await runCommand(ctx, flags);
    });
};

export type { RunFlags };
