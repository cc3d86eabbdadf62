// How the git adapter (src/adapters/git.ts) runs git and reads its answers: the scrubbed
// environment, execFile without a shell, and the typed, redacted errors for what git printed.
import { execFile } from 'node:child_process';
import { InterruptedError } from '../core/errors.js';
import { BranchError } from '../core/branch/errors.js';
import { redactCredentials } from '../core/branch/redact.js';

export interface NodeGitOptions {
  /** Environment git runs with (defaults to this process's); redirecting variables are removed. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** Per-call limit; network calls (ls-remote, fetch, push) get the same. */
  readonly timeoutMs?: number;
  /** Called when a worktree add/remove starts waiting for another process's worktree lock (the lock file). */
  readonly onLockWait?: (lockFile: string) => void;
}

/** Variables that would point git at another repository, index or object store than the one we name. */
const REPO_REDIRECTING_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

export interface ExecExtra {
  readonly input?: string;
  readonly env?: Record<string, string>;
  /** Cleanup must finish even after Ctrl-C, or it would leave a worktree behind. */
  readonly unabortable?: boolean;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const NOT_A_REPO = /not a git repository/i;
const UNREACHABLE =
  /could not read from remote|does not appear to be a git repository|unable to access|could not resolve host|connection (refused|timed out)|repository .* not found|authentication failed/i;

export type GitEnv = Record<string, string | undefined>;

/** This process's (or the given) environment without redirecting variables, prompts or locale. */
export function gitEnv(base: Readonly<Record<string, string | undefined>>): GitEnv {
  const env: GitEnv = { ...base };
  for (const key of REPO_REDIRECTING_ENV) delete env[key];
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  return env;
}

/** Runs git; resolves with any exit code (callers decide what a non-zero code means). */
export function execGit(env: GitEnv, options: NodeGitOptions, cwd: string, args: readonly string[], extra: ExecExtra = {}): Promise<GitResult> {
  const signal = extra.unabortable ? undefined : options.signal;
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false', ...args],
      {
        cwd,
        env: { ...env, ...extra.env },
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 120_000,
        ...(signal ? { signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        const errno = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
        if (signal?.aborted || errno.name === 'AbortError') return reject(new InterruptedError('interrupted while running git'));
        if (errno.code === 'ENOENT' && typeof errno.code === 'string') {
          return reject(
            new BranchError('GIT_MISSING', 'git is not installed or not on PATH', {
              hint: 'install git 2.30 or newer (e.g. apt-get install git) and make sure `git --version` works',
              cause: error,
            }),
          );
        }
        if (errno.killed) {
          return reject(
            new BranchError('GIT_FAILED', `git ${describeArgs(args)} timed out in ${cwd}`, {
              path: cwd,
              hint: 'check the remote is reachable, or raise the timeout',
            }),
          );
        }
        resolve({ code: typeof errno.code === 'number' ? errno.code : 1, stdout, stderr });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(extra.input ?? '');
  });
}

export function parseRefs(out: string, separator: string, prefix: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const at = line.indexOf(separator);
    if (at < 0) continue;
    const commit = line.slice(0, at).trim();
    const name = line.slice(at + 1).trim().replace(/^refs\/heads\//, '');
    if (name.startsWith(prefix)) refs.set(name, commit);
  }
  return new Map([...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Revisions come from us, but refuse anything git could read as an option. */
export function assertRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\s\0]/.test(rev)) throw new BranchError('GIT_FAILED', `refusing suspicious git revision '${rev}'`);
}

function describeArgs(args: readonly string[]): string {
  return redactCredentials(args.filter((a) => a !== '--').join(' '));
}

function firstLines(text: string): string {
  return redactCredentials(text.trim().split('\n').slice(0, 4).join(' / '));
}

export function failure(cwd: string, args: readonly string[], result: GitResult): BranchError {
  if (NOT_A_REPO.test(result.stderr)) {
    return new BranchError('GIT_NOT_A_REPO', `${cwd} is not inside a git repository`, {
      path: cwd,
      hint: 'spec branches live in git: run `git init` and commit your project first (or run specgate from inside the repository)',
    });
  }
  if (/does not have any commits yet|bad revision 'HEAD'|ambiguous argument 'HEAD'|Needed a single revision/i.test(result.stderr)) {
    return new BranchError('GIT_NO_COMMITS', `the repository at ${cwd} has no commit to start from`, {
      path: cwd,
      hint: 'commit your project once (git add -A && git commit) so spec branches have a base commit',
    });
  }
  return new BranchError('GIT_FAILED', `git ${describeArgs(args)} failed in ${cwd} (exit ${result.code}): ${firstLines(result.stderr)}`, {
    path: cwd,
    hint: 'run the same git command yourself to see the full message',
  });
}

export function remoteFailure(cwd: string, remote: string, args: readonly string[], result: GitResult): BranchError {
  if (UNREACHABLE.test(result.stderr)) {
    return new BranchError('GIT_REMOTE_UNREACHABLE', `cannot reach git remote '${remote}' from ${cwd}: ${firstLines(result.stderr)}`, {
      path: cwd,
      hint: `check network access and credentials for '${remote}' (git ls-remote ${remote}), or pass --no-remote to compare against local branches only`,
    });
  }
  return failure(cwd, args, result);
}
