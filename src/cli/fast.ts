// Start-up fast paths: the invocations that run most often in scripts and CI (`--help`, `id` and
// the plain `runs` listing) answered without importing commander and the 18 command modules
// (≈ 35 ms of a cold start). Anything this module does not recognise exactly goes to the full CLI (main.ts), which
// stays the one definition of every command; a test keeps both paths' output identical.
import { readFile } from 'node:fs/promises';

type Out = { stdout: (text: string) => void; stderr: (text: string) => void; exit: (code: number) => void; cwd: string };

/** Resolves true when it answered `argv`, false when the full CLI must. */
export async function fastPath(argv: readonly string[], out: Out): Promise<boolean> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) return help(out);
  if (argv[0] === 'id' && argv.slice(1).every((a) => a === '--json' || !a.startsWith('-'))) return id(argv.slice(1), out);
  if (argv[0] === 'runs' && argv.length <= 2 && argv.slice(1).every((a) => a === '--json')) return runs(argv.includes('--json'), out);
  return false;
}

async function help(out: Out): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return false; // not rendered by this build: commander prints it
  }
  out.stdout(text);
  out.exit(0);
  return true;
}

/** Prints the error as the full CLI does and sets its exit code. */
async function fail(error: unknown, out: Out): Promise<void> {
  const { exitCodeOf, formatError, isSpecgateError } = await import('../core/errors.js');
  out.stderr(`specgate: ${formatError(error)}\n`);
  out.exit(isSpecgateError(error) ? error.exitCode : exitCodeOf(error));
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
