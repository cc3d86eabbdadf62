// The only file that touches `process`: it builds the context, wires signals, parses argv with
// commander and maps whatever happens to docs/contracts.md §8 exit codes.
import { Command, CommanderError, Option } from 'commander';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { ExitCode, UsageError, exitCodeOf, formatError, isSpecgateError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { colorWanted, type CliContext } from './context.js';
import { commands } from './commands/index.js';
import { printError } from './print-error.js';
import { abortOnSignals } from './signals.js';

function buildProgram(ctx: CliContext): Command {
  const program = new Command('specgate')
    .description(
      'Governed, auditable delivery from Gherkin specs to a running staging service.\n\n' +
        'Every run leaves signed evidence under reports/<feature-sha>/<run-id>/\n' +
        'and one line per checkpoint in the hash-chained ledger reports/audit/checkpoints.log.',
    )
    .version(VERSION, '-V, --version', 'print the specgate version')
    .addOption(new Option('-C, --cwd <dir>', 'run as if specgate was started in <dir>'))
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true, helpWidth: HELP_WIDTH })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout(s),
      writeErr: (s) => ctx.stderr(s),
    });
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok · 1 a check or gate failed · 2 bad usage, config or input · 3 blocked · 130 interrupted

Examples:
  $ specgate validate                      # check features/ against the spec rules
  $ specgate run --mode sandbox            # the whole pipeline, warnings keep it going
  $ specgate -C examples/example-service id --json
  $ specgate <command> --help              # every command explains itself with examples`,
  );
  for (const register of commands) register(program, ctx);
  // The command list shows one line per command; the full description is in `<command> --help`.
  for (const cmd of program.commands) {
    if (cmd.summary() === '') cmd.summary(firstLine(cmd.description()));
  }
  // Subcommands inherit the same error handling and output routing.
  for (const cmd of program.commands) applyRecursively(cmd, ctx);
  return program;
}

/** The first sentence of a description, capitalised, without a dangling parenthesis. */
function firstLine(description: string): string {
  const line = description.split('\n')[0] ?? '';
  let sentence = /^(.*?[.:])(\s|$)/.exec(line)?.[1] ?? line;
  if (sentence.split('(').length !== sentence.split(')').length) sentence = sentence.slice(0, sentence.indexOf('(')).trimEnd();
  sentence = sentence.replace(/[.:]$/, '');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Descriptions carry their own line breaks; wrap only past this width. */
const HELP_WIDTH = 110;

function applyRecursively(cmd: Command, ctx: CliContext): void {
  cmd.configureHelp({ showGlobalOptions: true, helpWidth: HELP_WIDTH });
  cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr(s) });
  cmd.showSuggestionAfterError(true);
  for (const sub of cmd.commands) applyRecursively(sub, ctx);
}

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    stream.write(text);
  };
}

/** Resolves `-C DIR` before commands run so they all see the same cwd; a missing folder is bad usage. */
function cwdFromArgv(argv: readonly string[], base: string): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') break;
    let dir: string | undefined;
    if (arg === '-C' || arg === '--cwd') dir = argv[i + 1] ?? '';
    else if (arg?.startsWith('--cwd=')) dir = arg.slice('--cwd='.length);
    if (dir === undefined) continue;
    if (dir === '') throw new UsageError('INVALID_ARGUMENT', `${arg} needs a folder`, { hint: 'e.g. specgate -C examples/example-service validate' });
    const resolved = path.resolve(base, dir);
    if (!statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError('PATH_NOT_FOUND', `-C ${dir}: no such folder`, { path: dir, hint: 'pass an existing project folder to -C (or drop -C to use the current one)' });
    }
    return resolved;
  }
  return base;
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // `specgate … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(ExitCode.ok);
      throw error;
    });
  }
  let cwd: string;
  try {
    cwd = cwdFromArgv(argv, process.cwd());
  } catch (error) {
    process.stderr.write(`specgate: ${formatError(error)}\n`);
    process.exit(isSpecgateError(error) ? error.exitCode : exitCodeOf(error));
  }
  const controller = new AbortController();
  const ctx: CliContext = {
    cwd,
    env: process.env,
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
    color: colorWanted(process.env, Boolean(process.stdout.isTTY)),
    columns: () => process.stdout.columns,
    signal: controller.signal,
    version: VERSION,
    exitCode: ExitCode.ok,
  };

  abortOnSignals(controller, writer(process.stderr));

  const program = buildProgram(ctx);
  let code: number;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (ctx.keepAlive) await ctx.keepAlive;
    code = controller.signal.aborted && ctx.exitCode === ExitCode.ok ? ExitCode.interrupted : ctx.exitCode;
  } catch (error) {
    code = handleError(error, ctx);
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

/**
 * The top-level `--help` text exactly as commander prints it. The build renders it once into
 * dist/cli/help.txt (scripts/gen-help.mjs) so `specgate --help` need not load the command tree.
 */
export function renderTopLevelHelp(): string {
  let text = '';
  const sink = (s: string): void => {
    text += s;
  };
  const ctx: CliContext = { cwd: '.', env: {}, stdout: sink, stderr: sink, interactive: false, color: false, signal: new AbortController().signal, version: VERSION, exitCode: ExitCode.ok };
  buildProgram(ctx).outputHelp();
  return text;
}

function handleError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // --help and --version are "errors" to commander; they already printed.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    ctx.stderr(`Run 'specgate --help' or 'specgate <command> --help' for usage and examples.\n`);
    return ExitCode.usage;
  }
  // A full or failing disk is reported as such (exit 1, the file, what to free), never as a bug.
  return printError(error, ctx.stderr);
}
