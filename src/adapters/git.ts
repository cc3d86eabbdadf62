// The Git port for Node: real `git` through execFile, never a shell. Every call runs with a
// scrubbed environment (no inherited GIT_DIR/GIT_INDEX_FILE that could redirect it at the user's
// index), no terminal prompts (a credential prompt would hang CI) and no hooks in our worktrees.
// Whatever git prints is redacted before it reaches an error: remote URLs can carry tokens.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from '../core/errors.js';
import { BranchError } from '../core/branch/errors.js';
import type { CommitRequest, Git, RemoteHeads } from '../core/branch/ports.js';
import { withLock } from './fs/lock.js';
import { assertRevision, execGit, failure, gitEnv, NOT_A_REPO, parseRefs, remoteFailure, type ExecExtra, type GitEnv, type GitResult, type NodeGitOptions } from './git-exec.js';

export type { NodeGitOptions } from './git-exec.js';

export class NodeGit implements Git {
  private readonly env: GitEnv;

  constructor(private readonly options: NodeGitOptions = {}) {
    this.env = gitEnv(options.env ?? process.env);
  }

  private exec(cwd: string, args: readonly string[], extra: ExecExtra = {}): Promise<GitResult> {
    return execGit(this.env, this.options, cwd, args, extra);
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
    const lock = path.join(common, 'specgate-worktree.lock');
    const onLockWait = this.options.onLockWait;
    return withLock(lock, work, { what: 'git worktree add/remove', busy: worktreeBusy, ...(onLockWait ? { onWait: () => onLockWait(lock) } : {}) });
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

/** A fresh, empty folder for a linked worktree, outside the user's working copy. */
export async function makeWorktreeDir(parent: string): Promise<string> {
  await fsp.mkdir(parent, { recursive: true });
  return fsp.mkdtemp(path.join(parent, 'specgate-worktree-'));
}
