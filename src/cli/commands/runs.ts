// `specgate runs`: the runs under reports/, newest first, with mode, status, duration and which
// one `latest` points to.
import { Option } from 'commander';
import { examples, type RegisterCommand } from '../context.js';
import { RUN_STATUSES, type RunStatus } from '../../core/evidence/vocabulary.js';

interface RunsOptions {
  feature?: string;
  status?: string;
  json?: boolean;
  store?: string | true;
}

/** `--feature` must be a feature SHA: anything else is a usage error, not an empty listing. */
async function assertFeatureOption(feature: string | undefined): Promise<void> {
  if (feature === undefined) return;
  const { assertFeatureSha } = await import('../../core/evidence/run-id.js');
  try {
    assertFeatureSha(feature);
  } catch {
    const { UsageError } = await import('../../core/errors.js');
    throw new UsageError('INVALID_ARGUMENT', `--feature '${feature}' is not a feature SHA`, { hint: 'use the 12 hex characters `specgate id` prints' });
  }
}

export const registerRuns: RegisterCommand = (program, ctx) => {
  program
    .command('runs')
    .description('list runs under reports/, newest first (* marks the run `latest` points to)')
    .option('--feature <sha>', 'only runs of this feature SHA')
    .addOption(new Option('--status <status>', 'only runs with this status').choices(RUN_STATUSES))
    .option('--json', 'print the runs as JSON')
    .option('--store [url]', 'list the evidence store (every project), newest first, one page at a time')
    .option('--project <name>', 'with --store: only this project')
    .addOption(new Option('--mode <mode>', 'with --store: only this mode').choices(['sandbox', 'compliance']))
    .option('--from <date>', 'with --store: runs started at or after this date')
    .option('--to <date>', 'with --store: runs started before this date')
    .option('--limit <n>', 'with --store: runs per page (1–1000)', '50')
    .option('--after <cursor>', 'with --store: the next page (printed as `more: --after …`)')
    .option('--serving', 'with --store: per project and environment, the run whose release serves now')
    .addHelpText(
      'after',
      examples(
        ['specgate runs', 'every run, newest first'],
        ['specgate runs --feature 005cc0262265', 'runs of one spec set'],
        ['specgate runs --status interrupted', 'runs closed after their process died'],
        ['specgate runs --json | jq ".runs[0]"', 'the newest run, machine-readable'],
        ['specgate runs --store --status awaiting-approval', 'pending approvals across every project'],
        ['specgate runs --store --serving', 'what serves now, per project and environment'],
        ['specgate runs --store --project payments --from 2026-01-01 --json', 'one project’s history']
      ),
    )
    .action(async (options: RunsOptions) => {
      if (options.store !== undefined) {
        const { runsFromStore } = await import('./store-actions.js');
        await runsFromStore(ctx, options);
        return;
      }
      await assertFeatureOption(options.feature);
      const { printLocalRuns } = await import('../runs-listing.js');
      const filter = { ...(options.feature === undefined ? {} : { featureSha: options.feature }), ...(options.status === undefined ? {} : { status: options.status as RunStatus }) };
      await printLocalRuns(ctx, filter, options.json === true);
    });
};
