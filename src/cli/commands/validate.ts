// `specgate validate`: checks the spec set against the rules of docs/contracts.md §1 and prints findings in
// compiler form (or the spec-validation-report.json document with --json).
import { Option } from 'commander';
import { examples, type RegisterCommand } from '../context.js';
import type { ValidateOptions } from '../validate-run.js';

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
      const { runValidate } = await import('../validate-run.js');
      ctx.exitCode = await runValidate(ctx, paths, options);
    });
};
