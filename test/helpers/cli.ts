// Runs the real, built CLI (bin/specgate → dist/) as a child process, the way users do.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'specgate');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Address-space cap (`ulimit -v`, KiB) for the CLI process: it runs under `/bin/sh -c 'ulimit -v N; exec node …'`. */
  readonly virtualMemoryKb?: number;
}

/** Runs `specgate ...args` and resolves with its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CI: 'true', NO_COLOR: '1', ...options.env };
    const [command, argv] = options.virtualMemoryKb === undefined
      ? [process.execPath, [BIN, ...args]]
      : ['/bin/sh', ['-c', `ulimit -v ${options.virtualMemoryKb} && exec "$0" "$@"`, process.execPath, BIN, ...args]];
    const child = spawn(command, argv, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
