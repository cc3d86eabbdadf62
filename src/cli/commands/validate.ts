// `specgate validate`: checks the spec set against the rules of docs/contracts.md §1 and prints findings in
// compiler form (or the spec-validation-report.json document with --json).
import { Option } from 'commander';
import { examples, printJson, type RegisterCommand } from '../context.js';

interface ValidateOptions {
  readonly mode?: 'sandbox' | 'compliance';
  readonly json?: boolean;
  readonly report?: string;
}

export const registerValidate: RegisterCommand = (program, ctx) => {
  program
    .command('validate')
    .description(
      'Check .feature files against the spec rules: Gherkin syntax (every dialect), one valid\n' +
        '@resource:cpu=…,memory=…,storage=…,story_points=… budget per scenario (inherited from Rule\n' +
        'or Feature), and a Given, When and Then in every scenario.\n' +
        'Sandbox: findings are warnings, exit 0. Compliance: findings are errors, exit 1.\n' +
        'Exit 2 when no feature files are found or a path cannot be read.',
    )
    .argument('[paths...]', 'feature files or folders (default: `features` from specgate.yaml, i.e. features/)')
    .addOption(new Option('--mode <mode>', 'override the mode from specgate.yaml').choices(['sandbox', 'compliance']))
    .option('--json', 'print the spec-validation-report.json document instead of text')
    .option('--report <file>', 'also write the spec-validation-report.json document to <file> (atomically)')
    .addHelpText(
      'after',
      examples(
        ['specgate validate', 'every spec under features/, mode from specgate.yaml'],
        ['specgate validate features/pay.feature --mode compliance', 'one file, findings are errors (exit 1)'],
        ['specgate validate --json | jq .findings', 'the report as JSON'],
        ['specgate validate --report out/spec-validation-report.json', 'text on stdout, JSON document to a file'],
      ),
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      const path = await import('node:path');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { loadProject } = await import('../../app/project.js');
      const { validateSpecs } = await import('../../app/spec/validate.js');
      const { formatFinding, formatSummary } = await import('../../core/spec/findings.js');
      const fs = new NodeFileSystem();
      const project = await loadProject(fs, ctx.cwd, options.mode);
      const specPaths = paths.length > 0 ? paths.map((p) => path.resolve(ctx.cwd, p)) : project.config.features;
      const { report } = await validateSpecs({ fs, root: project.root, paths: specPaths, mode: project.mode, toolVersion: ctx.version, signal: ctx.signal });

      if (options.report !== undefined) {
        const { UsageError } = await import('../../core/errors.js');
        const target = path.resolve(ctx.cwd, options.report);
        try {
          await fs.mkdirp(path.dirname(target));
          await fs.writeAtomic(target, `${JSON.stringify(report, null, 2)}\n`);
        } catch (error) {
          throw new UsageError('INVALID_ARGUMENT', `cannot write the report to ${options.report}`, {
            path: options.report,
            cause: error,
            hint: 'pass a --report path in a writable folder',
          });
        }
      }
      if (options.json) printJson(ctx, report);
      else {
        // Paths relative to where the user stands, so editors and terminals can jump to them.
        const shown = (file: string): string => path.relative(ctx.cwd, path.join(project.root, file)).split(path.sep).join('/') || file;
        const lines = report.findings.map((f) => `${formatFinding(f, shown(f.file))}\n`);
        ctx.stdout(lines.join(''));
        ctx.stdout(`${formatSummary({ ...report.summary })}\n`);
      }
      ctx.exitCode = report.status === 'fail' ? 1 : 0;
    });
};
