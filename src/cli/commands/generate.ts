// `specgate generate`: from the spec set, write the hexagonal TypeScript layout (ports, HTTP
// routes, router wiring), scaffolds people own (services, project steps), living docs and
// docs/traceability.json — or run the external generator configured as generate.command.
import { Option } from 'commander';
import { examples, printJson, type RegisterCommand } from '../context.js';

interface GenerateOptions {
  readonly out?: string;
  readonly dryRun?: boolean;
  readonly check?: boolean;
  readonly json?: boolean;
  readonly scenarios?: boolean;
  readonly specCoverage?: string;
  readonly url?: string;
  readonly mode?: 'sandbox' | 'compliance';
}

export const registerGenerate: RegisterCommand = (program, ctx) => {
  program
    .command('generate')
    .summary('generate ports, routes, scaffolds and living docs from the features')
    .description(
      'Generate code and living docs from the features: per feature a port and HTTP routes under\n' +
        'generate.out (default src/generated), the router, service and step scaffolds (created once,\n' +
        'never overwritten), docs/<feature>.md and docs/traceability.json. Generated files carry the\n' +
        'feature SHA and are rewritten; running twice gives byte-identical output.\n' +
        'With generate.command set, runs that external generator instead (SPECGATE_FEATURE_SHA,\n' +
        'SPECGATE_FEATURES, SPECGATE_OUT in its environment).\n' +
        'Exit 1 with --check when generated files are out of date, or with --scenarios when the spec\n' +
        'coverage gate fails; 2 on bad specs or config.',
    )
    .option('--out <dir>', 'write under <dir> instead of the project root (e.g. a worktree)')
    .option('--dry-run', 'plan only: print what would be written, write nothing')
    .option('--check', 'write nothing; exit 1 if any generated file is missing or out of date (CI)')
    .option('--scenarios', 'after generating, run the scenarios (generate.scenarios.app or .url) and record results in the docs')
    .option('--spec-coverage <file>', 'with --scenarios: write spec-coverage.json to <file> and cucumber-messages.ndjson beside it')
    .option('--url <url>', 'with --scenarios: run against this running service')
    .addOption(new Option('--mode <mode>', 'override the mode from specgate.yaml (spec coverage gate)').choices(['sandbox', 'compliance']))
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate generate', 'write generated code, scaffolds and docs into the project'],
        ['specgate generate --dry-run --json', 'the plan as JSON, nothing written'],
        ['specgate generate --check', 'fail CI when someone forgot to regenerate'],
        ['specgate generate --scenarios --spec-coverage out/spec-coverage.json', 'run the scenarios against the in-process app'],
        ['specgate -C examples/example-service generate', 'regenerate the example service'],
      ),
    )
    .action(async (options: GenerateOptions) => {
      const { generateCommand } = await import('../../app/generate/command.js');
      const [{ NodeFileSystem }, { NodeProcessRunner }, { nodeScenarioRunner }] = await Promise.all([
        import('../../adapters/node-fs.js'),
        import('../../adapters/process-runner.js'),
        import('../compose-scenarios.js'),
      ]);
      const processes = new NodeProcessRunner();
      const io = { fs: new NodeFileSystem(), processes, scenarioRunner: nodeScenarioRunner(processes) };
      const result = await generateCommand({ cwd: ctx.cwd, env: ctx.env, signal: ctx.signal, version: ctx.version, options, log: ctx.stderr, ...io });
      ctx.exitCode = result.exitCode;
      if (options.json) printJson(ctx, result.json);
      else ctx.stdout(result.text);
    });
};
