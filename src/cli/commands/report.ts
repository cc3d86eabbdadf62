// `specgate report [RUN|latest|deployed]`: the executive report of a run, generated from its evidence and
// verified at the moment it is written (digests, signatures, schemas, the ledger chain).
import { Option } from 'commander';
import { examples, type RegisterCommand } from '../context.js';

export interface ReportOptions {
  readonly feature?: string;
  readonly format: 'md' | 'html' | 'json';
  readonly json?: boolean;
  readonly out?: string;
  readonly key?: string;
  readonly reports?: string;
  readonly trend: string;
}

export const registerReport: RegisterCommand = (program, ctx) => {
  program
    .command('report')
    .description(
      'Write the executive report of a run: a plain-language summary, failed scenarios with their step\n' +
        'and error, every claim linked to its evidence and a recipe to verify it, changes since the\n' +
        'previous release, declared budgets beside measured usage, stages, audit trail, trend. Every\n' +
        'status is computed now from the evidence; missing or failing evidence shows ❌ with the reason.\n' +
        'Exit 1 when any verified claim fails.',
    )
    .argument('[run]', 'run id, `latest` (the newest finished run) or `deployed` (the release staging serves)', 'latest')
    .option('--feature <sha>', 'feature SHA (needed when several features have runs)')
    .option('--json', 'print the report as JSON (schemas/executive-report.schema.json); same as --format json')
    .addOption(new Option('--format <format>', 'output format (`--format json` is an alias of --json)').choices(['md', 'html', 'json']).default('md'))
    .option('--out <file>', 'write the report to FILE (atomically) instead of stdout')
    .option('--key <pub>', 'trusted public key (PEM) to verify signatures, ledger anchors and heads with; default: signing.publicKey from specgate.yaml, else the run’s signing.pub')
    .option('--reports <dir>', 'evidence folder (default: `reports` from specgate.yaml)')
    .option('--trend <n>', 'how many of the feature’s runs the trend compares', '10')
    .addHelpText(
      'after',
      examples(
        ['specgate report', 'Markdown report of the latest finished run'],
        ['specgate report deployed', 'the report of the release staging serves (often older than `latest`)'],
        ['specgate report 20250924140440 --format html --out report.html', 'one run as a standalone HTML page'],
        ['specgate report latest --feature 005cc0262265 --key specgate.pub', 'verify with a trusted key'],
        ['specgate report --json | jq .metrics', 'machine-readable (schemas/executive-report.schema.json)'],
      ),
    )
    .action(async (run: string, options: ReportOptions) => {
      const { reportAction } = await import('./report-action.js');
      await reportAction(ctx, run, options);
    });
};
