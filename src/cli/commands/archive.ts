// `specgate archive`: rotates old runs into reports/archive/YYYYMMDD/<sha>/<run-id>/, never the run
// `latest` points to, each move recorded in the ledger. Plan first (--dry-run shows it), then apply.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface ArchiveCliOptions {
  keep?: string;
  olderThan?: string;
  dryRun?: boolean;
  json?: boolean;
}

export const registerArchive: RegisterCommand = (program, ctx) => {
  program
    .command('archive')
    .description('move old runs into reports/archive/YYYYMMDD/<feature-sha>/<run-id>/ (retention from specgate.yaml)')
    .option('--keep <n>', 'runs to keep per feature SHA, newest first (default: retention.keep)')
    .option('--older-than <days>', 'also archive runs started more than this many days ago (default: retention.olderThanDays)')
    .option('--dry-run', 'print the plan, move nothing')
    .option('--json', 'print the plan and the moves as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate archive --dry-run', 'what would move, with the retention in specgate.yaml'],
        ['specgate archive --keep 5', 'keep the 5 newest runs per feature SHA'],
        ['specgate archive --older-than 30', 'also rotate runs older than 30 days'],
        ['specgate archive --json', 'moves as JSON (rerunning is a no-op)'],
      ),
    )
    .action(async (options: ArchiveCliOptions) => {
      const { projectReports, archiveRuns } = await import('../compose-evidence.js');
      const { systemClock } = await import('../../adapters/clock.js');
      const { UsageError } = await import('../../core/errors.js');
      const count = (flag: string, value: string | undefined, min: number): number | undefined => {
        if (value === undefined) return undefined;
        if (!/^\d+$/.test(value) || Number(value) < min) {
          throw new UsageError('INVALID_ARGUMENT', `${flag} '${value}' must be a whole number ≥ ${min}`, { hint: `e.g. ${flag} 10` });
        }
        return Number(value);
      };
      const keepFlag = count('--keep', options.keep, 1);
      const olderFlag = count('--older-than', options.olderThan, 0);
      const { project, reportsDir } = await projectReports(ctx.cwd);
      const keep = keepFlag ?? project.config.retention.keep;
      const olderThanDays = olderFlag ?? project.config.retention.olderThanDays;
      const result = await archiveRuns(reportsDir, {
        keep,
        clock: systemClock,
        dryRun: options.dryRun === true,
        ...(olderThanDays === undefined ? {} : { olderThanDays }),
      });
      if (options.json) {
        printJson(ctx, { dryRun: options.dryRun === true, keep, olderThanDays: olderThanDays ?? null, moves: result.plan.moves, moved: result.moved, held: result.plan.held });
        return;
      }
      const verb = options.dryRun ? 'would move' : 'moved';
      for (const m of options.dryRun ? result.plan.moves : result.moved) ctx.stdout(`${verb} ${m.from} -> ${m.to} (${m.reason === 'keep' ? `beyond keep=${keep}` : `older than ${olderThanDays ?? '?'} days`})\n`);
      for (const h of result.plan.held) ctx.stdout(`kept ${h.featureSha}/${h.runId} (${h.why === 'latest' ? 'latest points to it' : 'still running'})\n`);
      if (result.plan.moves.length === 0) ctx.stdout('nothing to archive\n');
    });
};
