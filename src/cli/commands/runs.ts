// `specgate runs`: the runs under reports/, newest first, with mode, status, duration and which
// one `latest` points to.
import { Option } from 'commander';
import { examples, printJson, type RegisterCommand } from '../context.js';
import { RUN_STATUSES } from '../../core/evidence/vocabulary.js';

interface RunsOptions {
  feature?: string;
  status?: string;
  json?: boolean;
  store?: string | true;
}


function duration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
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
      const { projectReports } = await import('../../app/evidence/reports-location.js');
      const { listRuns } = await import('../../app/evidence/runs.js');
      const { assertFeatureSha } = await import('../../core/evidence/run-id.js');
      const { UsageError } = await import('../../core/errors.js');
      if (options.feature !== undefined) {
        try {
          assertFeatureSha(options.feature);
        } catch {
          throw new UsageError('INVALID_ARGUMENT', `--feature '${options.feature}' is not a feature SHA`, { hint: 'use the 12 hex characters `specgate id` prints' });
        }
      }
      const { reportsDir } = await projectReports(ctx.cwd);
      const runs = await listRuns(reportsDir, {
        ...(options.feature === undefined ? {} : { featureSha: options.feature }),
        ...(options.status === undefined ? {} : { status: options.status as never }),
        onWarning: (message) => ctx.stderr(`warning: ${message}\n`),
      });
      if (options.json) {
        printJson(ctx, { reportsDir, runs });
        return;
      }
      if (runs.length === 0) {
        ctx.stdout(`no runs under ${reportsDir}\n`);
        return;
      }
      const rows = runs.map((r) => [`${r.isLatest ? '*' : ' '} ${r.runId}`, r.featureSha, r.mode, r.orphaned ? 'running (process gone)' : r.status, duration(r.durationMs), r.startedAt]);
      const head = ['  RUN', 'FEATURE', 'MODE', 'STATUS', 'DURATION', 'STARTED'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
      ctx.stdout(`${[line(head), ...rows.map(line)].join('\n')}\n`);
    });
};
