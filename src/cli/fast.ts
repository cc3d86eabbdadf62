// Start-up fast paths: the invocations that run most often in scripts and CI (`id`, the
// plain `runs` listing, `runs --store URL`, `validate [paths] [--mode M] [--json]`, `report` without --out and `verify`) answered without importing commander and the 18 command modules
// (≈ 35 ms of a cold start); bin/specgate itself answers `--version` and `--help` (dist/cli/help.txt). Anything this module does not recognise exactly goes to the full CLI (main.ts), which
// stays the one definition of every command; a test keeps both paths' output identical.

type Out = { stdout: (text: string) => void; stderr: (text: string) => void; exit: (code: number) => void; cwd: string };

/** Resolves true when it answered `argv`, false when the full CLI must. */
export async function fastPath(argv: readonly string[], out: Out): Promise<boolean> {
  if (argv[0] === 'id' && argv.slice(1).every((a) => a === '--json' || !a.startsWith('-'))) return id(argv.slice(1), out);
  if (argv[0] === 'runs' && argv.length <= 2 && argv.slice(1).every((a) => a === '--json')) return runs(argv.includes('--json'), out);
  const listing = argv[0] === 'runs' ? storeListingArgs(argv.slice(1)) : undefined;
  if (listing !== undefined) return runsStore(listing, out);
  if (argv[0] === 'validate') return validate(argv.slice(1), out);
  if (argv[0] === 'report') return report(argv.slice(1), out);
  if (argv[0] === 'verify') return verify(argv.slice(1), out);
  return false;
}

/** Prints the error as the full CLI does and sets its exit code. */
async function fail(thrown: unknown, out: Out): Promise<void> {
  const { printError } = await import('./print-error.js');
  out.exit(printError(thrown, out.stderr));
}

/** `runs` and `runs --json`: the listing of a project with thousands of runs is mostly start-up. */
async function runs(json: boolean, out: Out): Promise<boolean> {
  try {
    const { printLocalRuns } = await import('./runs-listing.js');
    await printLocalRuns(out, {}, json);
    out.exit(0);
  } catch (error) {
    await fail(error, out);
  }
  return true;
}

/** `runs --store URL [--json]`, in any order, exactly: anything else goes to the full CLI. */
function storeListingArgs(args: readonly string[]): { store: string; json: boolean } | undefined {
  let store: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    const value = args[i + 1];
    if (a === '--json' && !json) json = true;
    else if (a === '--store' && store === undefined && value !== undefined && !value.startsWith('-')) store = args[++i];
    else return undefined;
  }
  return store === undefined ? undefined : { store, json };
}

/** `runs --store URL`: one page of the organisation's runs is mostly start-up too (the same action as the full CLI's). */
async function runsStore(listing: { store: string; json: boolean }, out: Out): Promise<boolean> {
  try {
    const { runsFromStore } = await import('./commands/store-actions.js');
    await runsFromStore({ cwd: out.cwd, env: process.env, stdout: out.stdout }, listing);
    out.exit(0);
  } catch (error) {
    await fail(error, out);
  }
  return true;
}

async function id(args: readonly string[], out: Out): Promise<boolean> {
  try {
    const { formatIdentity, identifyFromCli } = await import('./identify.js');
    const json = args.includes('--json');
    out.stdout(formatIdentity(await identifyFromCli(out.cwd, args.filter((a) => a !== '--json')), json));
    out.exit(0);
  } catch (error) {
    await fail(error, out);
  }
  return true;
}

interface ValidateArgs {
  readonly paths: string[];
  readonly options: { mode?: 'sandbox' | 'compliance'; json?: boolean };
}

/** `[paths...] [--mode sandbox|compliance] [--json]` in any order; anything else (help, errors) is commander's. */
function validateArgs(args: readonly string[]): ValidateArgs | undefined {
  const parsed: ValidateArgs = { paths: [], options: {} };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--json') parsed.options.json = true;
    else if (arg === '--mode' && (args[i + 1] === 'sandbox' || args[i + 1] === 'compliance')) {
      parsed.options.mode = args[i + 1] as 'sandbox' | 'compliance';
      i += 1;
    } else if (arg.startsWith('-')) return undefined;
    else parsed.paths.push(arg);
  }
  return parsed;
}

/** `validate`: a one-file check is mostly start-up, and commander plus the command tree is a third of it. */
async function validate(args: readonly string[], out: Out): Promise<boolean> {
  const parsed = validateArgs(args);
  if (parsed === undefined) return false;
  await interruptible(out, async (signal) => {
    const [{ runValidate }, { VERSION }] = await Promise.all([import('./validate-run.js'), import('../version.js')]);
    return runValidate({ cwd: out.cwd, version: VERSION, signal, stdout: out.stdout }, parsed.paths, parsed.options);
  });
  return true;
}

/** `report`: after the evidence checks, commander and the command tree were the largest start-up cost. */
async function report(args: readonly string[], out: Out): Promise<boolean> {
  const { reportArgs } = await import('./fast-report.js');
  const parsed = reportArgs(args);
  if (parsed === undefined) return false;
  await interruptible(out, async () => {
    const { reportAction } = await import('./commands/report-action.js');
    const ctx = { cwd: out.cwd, stdout: out.stdout, stderr: out.stderr, exitCode: 0 };
    await reportAction(ctx, parsed.run, parsed.options);
    return ctx.exitCode;
  });
  return true;
}

/**
 * Runs `work` with SIGINT/SIGTERM handled as main.ts handles them: the first aborts the signal, an
 * interrupt that still let the work finish is exit 130, errors are printed as the full CLI prints them.
 */
async function interruptible(out: Out, work: (signal: AbortSignal) => Promise<number>): Promise<void> {
  try {
    const [{ abortOnSignals }, { ExitCode }] = await Promise.all([import('./signals.js'), import('../core/errors.js')]);
    const controller = new AbortController();
    abortOnSignals(controller, out.stderr);
    const code = await work(controller.signal);
    out.exit(controller.signal.aborted && code === ExitCode.ok ? ExitCode.interrupted : code);
  } catch (error) {
    await fail(error, out);
  }
}

/** `verify TARGET [--key K] [--feature F] [--json]`: an auditor's check is mostly start-up, like the openssl recipe it is held to. */
async function verify(args: readonly string[], out: Out): Promise<boolean> {
  const { runVerify, verifyArgs } = await import('./verify-run.js');
  const parsed = verifyArgs(args);
  if (parsed === undefined) return false;
  await interruptible(out, () => runVerify(out, parsed.target, parsed.options));
  return true;
}
