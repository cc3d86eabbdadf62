// `specgate report [RUN|latest|deployed]`: the executive report of a run, generated from its evidence and
// verified at the moment it is written (digests, signatures, schemas, the ledger chain).
import { Option } from 'commander';
import { examples, type RegisterCommand } from '../context.js';
import { describeRun, runByRole } from '../run-target.js';

interface ReportOptions {
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
      'Write the executive report of a run: overview, statistics, security, stages, deployment, audit\n' +
        'trail, verification metrics, trend, risks. Every status is computed now from the evidence;\n' +
        'missing or failing evidence shows ❌ with the reason. Exit 1 when any verified claim fails.',
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
      const path = await import('node:path');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { systemClock } = await import('../../adapters/clock.js');
      const { UsageError } = await import('../../core/errors.js');
      const { loadProject } = await import('../../app/project.js');
      const { resolveRun } = await import('../../app/report/runs.js');
      const { reportForRun } = await import('../../app/report/gather.js');
      const { renderMarkdown } = await import('../../core/report/markdown.js');
      const { renderHtml } = await import('../../core/report/html.js');
      const fs = new NodeFileSystem();
      const trendSize = Number(options.trend);
      if (!Number.isInteger(trendSize) || trendSize < 1 || trendSize > 100) {
        throw new UsageError('INVALID_ARGUMENT', `--trend ${options.trend} is not a whole number from 1 to 100`, { hint: 'e.g. --trend 10' });
      }
      const project = await loadProject(fs, ctx.cwd);
      const reportsDir = path.resolve(options.reports === undefined ? project.root : ctx.cwd, options.reports ?? project.config.reports);
      const { trustedPublicKey } = await import('../../app/evidence/ledger-audit.js');
      const publicKeyPem = await trustedPublicKey(fs, { cwd: ctx.cwd, root: project.root, ...(options.key === undefined ? {} : { keyFlag: options.key }), ...(project.config.signing.publicKey === undefined ? {} : { configured: project.config.signing.publicKey }) });
      const target = await runByRole(run, options.feature, project.root, 'report');
      const ref = await resolveRun(fs, reportsDir, target.run, target.feature);
      // Say which run this is: `latest` and the deployed release are often different runs.
      ctx.stderr(describeRun('report', ref, target));
      const { approvalCheckPort } = await import('../../app/pipeline/approval-signer.js');
      const report = await reportForRun({
        fs,
        clock: systemClock,
        reportsDir,
        runDir: ref.runDir,
        approvals: await approvalCheckPort(project),
        project: project.config.name ?? path.basename(project.root),
        trendSize,
        ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
      });
      const text = options.json === true || options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'html' ? renderHtml(report) : renderMarkdown(report);
      if (options.out === undefined) ctx.stdout(text);
      else {
        const out = path.resolve(ctx.cwd, options.out);
        if ((await fs.stat(path.dirname(out)))?.kind !== 'directory') throw new UsageError('PATH_NOT_FOUND', `folder of --out ${options.out} does not exist`, { path: options.out, hint: 'create the folder first' });
        await fs.writeAtomic(out, text);
        ctx.stderr(`wrote ${options.out} (${report.overall.status})\n`);
      }
      ctx.exitCode = report.overall.status === 'fail' ? 1 : 0;
    });
};
