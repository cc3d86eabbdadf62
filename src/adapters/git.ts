// The Git port for Node: real `git` through execFile, never a shell. Every call runs with a
// scrubbed environment (no inherited GIT_DIR/GIT_INDEX_FILE that could redirect it at the user's
// index), no terminal prompts (a credential prompt would hang CI) and no hooks in our worktrees.
// Whatever git prints is redacted before it reaches an error: remote URLs can carry tokens.
import { execFile } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { InterruptedError, UsageError } from '../core/errors.js';
import { BranchError } from '../core/branch/errors.js';
import type { CommitRequest, Git, RemoteHeads } from '../core/branch/ports.js';
import { redactCredentials } from '../core/branch/redact.js';
import { withLock } from './fs/lock.js';

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

interface ExecExtra {
  readonly input?: string;
  readonly env?: Record<string, string>;
  /** Cleanup must finish even after Ctrl-C, or it would leave a worktree behind. */
  readonly unabortable?: boolean;
}

interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NodeGitOptions {
  /** Environment git runs with (defaults to this process's); redirecting variables are removed. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** Per-call limit; network calls (ls-remote, fetch, push) get the same. */
  readonly timeoutMs?: number;
}


const NOT_A_REPO = /not a git repository/i;
const UNREACHABLE =
  /could not read from remote|does not appear to be a git repository|unable to access|could not resolve host|connection (refused|timed out)|repository .* not found|authentication failed/i;

export class NodeGit implements Git {
  private readonly env: Record<string, string | undefined>;

  constructor(private readonly options: NodeGitOptions = {}) {
    const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
    for (const key of REPO_REDIRECTING_ENV) delete env[key];
    env.GIT_TERMINAL_PROMPT = '0';
    env.GIT_OPTIONAL_LOCKS = '0';
    env.LC_ALL = 'C';
    this.env = env;
  }

  /** Runs git; resolves with any exit code (callers decide what a non-zero code means). */
  private exec(cwd: string, args: readonly string[], extra: ExecExtra = {}): Promise<GitResult> {
    const signal = extra.unabortable ? undefined : this.options.signal;
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        ['-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false', ...args],
        {
          cwd,
          env: { ...this.env, ...extra.env },
          maxBuffer: 256 * 1024 * 1024,
          encoding: 'utf8',
          timeout: this.options.timeoutMs ?? 120_000,
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

  /** Runs git and throws a typed, redacted error unless it exits 0. */
  private async must(cwd: string, args: readonly string[], extra: ExecExtra = {}): Promise<string> {
    const result = await this.exec(cwd, args, extra);
    if (result.code !== 0) throw failure(cwd, args, result);
    return result.stdout;
  }

  async topLevel(dir: string): Promise<string> {
    const info = await fsp.stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new UsageError('PATH_NOT_FOUND', `folder ${dir} does not exist`, { path: dir, hint: 'run specgate inside your project folder or pass -C DIR' });
    }
    return (await this.must(dir, ['rev-parse', '--show-toplevel'])).trim();
  }

  async resolveCommit(repo: string, rev: string): Promise<string | undefined> {
    assertRevision(rev);
    const result = await this.exec(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    if (result.code === 0) return result.stdout.trim();
    if (NOT_A_REPO.test(result.stderr)) throw failure(repo, ['rev-parse'], result);
    return undefined;
  }

  async treeOf(repo: string, commit: string): Promise<string> {
    assertRevision(commit);
    return (await this.must(repo, ['rev-parse', '--verify', `${commit}^{tree}`])).trim();
  }

  async hasCommit(repo: string, commit: string): Promise<boolean> {
    assertRevision(commit);
    return (await this.exec(repo, ['cat-file', '-e', `${commit}^{commit}`])).code === 0;
  }

  async currentBranch(repo: string): Promise<string | undefined> {
    const result = await this.exec(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
    if (result.code === 0) return result.stdout.trim();
    if (NOT_A_REPO.test(result.stderr)) throw failure(repo, ['symbolic-ref'], result);
    return undefined;
  }

  async localBranches(repo: string, prefix: string): Promise<ReadonlyMap<string, string>> {
    // for-each-ref matches whole path components, so list the prefix's folder and filter here.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const out = await this.must(repo, ['for-each-ref', '--format=%(objectname) %(refname)', `refs/heads/${folder}`]);
    return parseRefs(out, ' ', prefix);
  }

  async remotes(repo: string): Promise<readonly string[]> {
    const out = await this.must(repo, ['remote']);
    return out.split('\n').map((l) => l.trim()).filter((l) => l !== '').sort();
  }

  async remoteBranches(repo: string, remote: string, prefix: string): Promise<RemoteHeads> {
    const args = ['ls-remote', '--heads', '--', remote, `refs/heads/${prefix}*`];
    const result = await this.exec(repo, args);
    if (result.code !== 0) throw remoteFailure(repo, remote, args, result);
    return parseRefs(result.stdout, '\t', prefix);
  }

  async fetchBranch(repo: string, remote: string, branch: string): Promise<void> {
    const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--', remote, `refs/heads/${branch}`];
    const result = await this.exec(repo, args);
    if (result.code !== 0) throw remoteFailure(repo, remote, args, result);
  }

  async addWorktree(repo: string, dir: string, commit: string): Promise<void> {
    assertRevision(commit);
    // git reads its sibling worktrees' admin folders while adding one; parallel adds in the same
    // repository can see each other half-made, so adds and removes take a repository-wide lock.
    await this.withWorktreeLock(repo, false, () => this.must(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]));
  }

  async removeWorktree(repo: string, dir: string): Promise<void> {
    // Remember which admin folder belongs to this worktree, so a failed remove can still be undone
    // without `git worktree prune`, which would also forget the user's own unreachable worktrees.
    const admin = await fsp
      .readFile(path.join(dir, '.git'), 'utf8')
      .then((text) => /^gitdir: (.+)$/m.exec(text)?.[1]?.trim())
      .catch(() => undefined);
    await this.withWorktreeLock(repo, true, async () => {
      const removed = await this.exec(repo, ['worktree', 'remove', '--force', '--force', dir], { unabortable: true });
      if (removed.code !== 0 && admin !== undefined && path.basename(path.dirname(admin)) === 'worktrees') {
        await fsp.rm(admin, { recursive: true, force: true });
      }
    });
    await fsp.rm(dir, { recursive: true, force: true });
  }

  private async withWorktreeLock<T>(repo: string, unabortable: boolean, work: () => Promise<T>): Promise<T> {
    const common = path.resolve(repo, (await this.must(repo, ['rev-parse', '--git-common-dir'], { unabortable })).trim());
    return withLock(path.join(common, 'specgate-worktree.lock'), work, { what: 'git worktree add/remove', busy: worktreeBusy });
  }

  async snapshotTree(worktree: string): Promise<string> {
    await this.must(worktree, ['add', '--all', '--', '.']);
    return (await this.must(worktree, ['write-tree'])).trim();
  }

  async ignoredFiles(worktree: string): Promise<string[]> {
    const out = await this.must(worktree, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard']);
    return out.split('\0').filter((f) => f !== '').sort();
  }

  async commitTree(repo: string, request: CommitRequest): Promise<string> {
    const date = `@${Math.floor(request.date.getTime() / 1000)} +0000`;
    const args = ['commit-tree', '--no-gpg-sign', request.tree, ...request.parents.flatMap((p) => ['-p', p]), '-F', '-'];
    const out = await this.must(repo, args, {
      input: request.message,
      env: {
        GIT_AUTHOR_NAME: request.author.name,
        GIT_AUTHOR_EMAIL: request.author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: request.committer.name,
        GIT_COMMITTER_EMAIL: request.committer.email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return out.trim();
  }

  async createBranch(repo: string, branch: string, commit: string, expected: string | undefined): Promise<boolean> {
    assertRevision(commit);
    // An all-zero old value means "must not exist": git refuses atomically if another run created it.
    const old = expected ?? '0'.repeat(commit.length);
    const args = ['update-ref', '-m', 'specgate: publish spec branch', `refs/heads/${branch}`, commit, old];
    const result = await this.exec(repo, args);
    if (result.code === 0) return true;
    const now = await this.resolveCommit(repo, `refs/heads/${branch}`);
    if (now !== expected) return false;
    throw failure(repo, args, result);
  }

  async push(repo: string, remote: string, branch: string, commit: string): Promise<void> {
    assertRevision(commit);
    // No force: an existing remote branch with other history makes the push fail, never vanish.
    const args = ['push', '--porcelain', '--quiet', '--', remote, `${commit}:refs/heads/${branch}`];
    const result = await this.exec(repo, args);
    if (result.code === 0) return;
    if (/\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first/i.test(result.stdout + result.stderr)) {
      throw new BranchError('GIT_PUSH_REJECTED', `remote '${remote}' rejected the push of ${branch} (${commit})`, {
        path: repo,
        hint: `someone else pushed ${branch} meanwhile; rerun specgate so it compares against the remote again`,
      });
    }
    throw remoteFailure(repo, remote, args, result);
  }
}

function worktreeBusy(_holder: unknown, _waitedMs: number, lock: string): BranchError {
  return new BranchError('GIT_FAILED', `timed out waiting for ${lock}`, {
    path: lock,
    hint: 'another specgate is adding a worktree in this repository; if none is running, delete the lock file',
  });
}

function parseRefs(out: string, separator: string, prefix: string): Map<string, string> {
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
function assertRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\s\0]/.test(rev)) throw new BranchError('GIT_FAILED', `refusing suspicious git revision '${rev}'`);
}

function describeArgs(args: readonly string[]): string {
  return redactCredentials(args.filter((a) => a !== '--').join(' '));
}

function firstLines(text: string): string {
  return redactCredentials(text.trim().split('\n').slice(0, 4).join(' / '));
}

function failure(cwd: string, args: readonly string[], result: GitResult): BranchError {
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

function remoteFailure(cwd: string, remote: string, args: readonly string[], result: GitResult): BranchError {
  if (UNREACHABLE.test(result.stderr)) {
    return new BranchError('GIT_REMOTE_UNREACHABLE', `cannot reach git remote '${remote}' from ${cwd}: ${firstLines(result.stderr)}`, {
      path: cwd,
      hint: `check network access and credentials for '${remote}' (git ls-remote ${remote}), or pass --no-remote to compare against local branches only`,
    });
  }
  return failure(cwd, args, result);
}

/** A fresh, empty folder for a linked worktree, outside the user's working copy. */
export async function makeWorktreeDir(parent: string): Promise<string> {
  await fsp.mkdir(parent, { recursive: true });
  return fsp.mkdtemp(path.join(parent, 'specgate-worktree-'));
}
