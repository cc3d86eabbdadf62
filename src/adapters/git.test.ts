// The git adapter against real git in temp repositories.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processStartTime } from './evidence/process-identity.js';
import { NodeGit } from './git.js';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.test',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A lock file as the shared lock (src/adapters/fs/lock.ts) writes it, held by `pid` on this host. */
function holder(pid: number): string {
  return `${JSON.stringify({ pid, hostname: os.hostname(), startTime: pid === process.pid ? processStartTime(pid) : '', nonce: String(pid) })}\n`;
}

function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

function repo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-git-'));
  dirs.push(dir);
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
  run('-c', 'init.defaultBranch=main', 'init', '-q');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  run('add', '-A');
  run('commit', '-q', '-m', 'a');
  return dir;
}

describe('NodeGit', () => {
  const git = new NodeGit({ env });

  it('creates a branch only if it does not exist yet, or moves it only from the expected commit', async () => {
    const dir = repo();
    const head = (await git.resolveCommit(dir, 'HEAD'))!;
    expect(await git.createBranch(dir, 'auto/x', head, undefined)).toBe(true);
    expect(await git.createBranch(dir, 'auto/x', head, undefined)).toBe(false);
    const tree = await git.treeOf(dir, head);
    const next = await git.commitTree(dir, {
      tree,
      parents: [head],
      message: 'm\n',
      author: { name: 'A', email: 'a@x' },
      committer: { name: 'C', email: 'c@x' },
      date: new Date('2025-01-02T03:04:05Z'),
    });
    expect(await git.createBranch(dir, 'auto/x', next, next)).toBe(false);
    expect(await git.createBranch(dir, 'auto/x', next, head)).toBe(true);
    expect(await git.resolveCommit(dir, 'refs/heads/auto/x')).toBe(next);
    expect([...(await git.localBranches(dir, 'auto/x'))]).toEqual([['auto/x', next]]);
    expect(await git.localBranches(dir, 'auto/y')).toEqual(new Map());
  });

  it('reports typed errors: not a repository, no git on PATH, suspicious revisions', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-plain-'));
    dirs.push(plain);
    await expect(git.topLevel(plain)).rejects.toMatchObject({ code: 'GIT_NOT_A_REPO', exitCode: 2, path: plain });
    await expect(new NodeGit({ env: { ...env, PATH: '/nonexistent' } }).topLevel(plain)).rejects.toMatchObject({ code: 'GIT_MISSING' });
    await expect(git.topLevel(path.join(plain, 'missing'))).rejects.toMatchObject({ code: 'PATH_NOT_FOUND' });
    await expect(git.treeOf(repo(), '--output=/tmp/x')).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });

  it('ignores inherited variables that would redirect it at another index', async () => {
    const dir = repo();
    const bogus = new NodeGit({ env: { ...env, GIT_INDEX_FILE: path.join(dir, 'elsewhere'), GIT_DIR: '/nonexistent' } });
    expect(await bogus.topLevel(dir)).toBe(fs.realpathSync(dir));
    expect(await bogus.currentBranch(dir)).toBe('main');
  });

  it('breaks a worktree lock left behind by a process that died, and waits for a live one', async () => {
    const dir = repo();
    const head = (await git.resolveCommit(dir, 'HEAD'))!;
    const lock = path.join(dir, '.git', 'specgate-worktree.lock');
    fs.writeFileSync(lock, holder(deadPid()));
    const wt = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-wt-'));
    await git.addWorktree(dir, wt, head);
    expect(fs.existsSync(lock)).toBe(false);

    // A live holder (this process): the removal must wait, not break the lock. No fixed sleep: the
    // contender says when it has found the live holder and started waiting, and it must say so
    // before it could finish; only then is the lock released.
    const live = holder(process.pid);
    fs.writeFileSync(lock, live);
    let waiting!: (lockFile: string) => void;
    const reachedWait = new Promise<string>((resolve) => (waiting = resolve));
    const removal = new NodeGit({ env, onLockWait: (file) => waiting(file) }).removeWorktree(dir, wt);
    const first = await Promise.race([reachedWait.then((file) => `waiting on ${file}`), removal.then(() => 'removed')]);
    expect(first).toBe(`waiting on ${lock}`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(live);
    expect(fs.existsSync(wt)).toBe(true);
    fs.rmSync(lock);
    await removal;
    expect(fs.existsSync(wt)).toBe(false);
  });

  it('parallel adds racing over a dead holder\'s worktree lock all succeed and leave no lock', async () => {
    const dir = repo();
    const head = (await git.resolveCommit(dir, 'HEAD'))!;
    const lock = path.join(dir, '.git', 'specgate-worktree.lock');
    fs.writeFileSync(lock, holder(deadPid()));
    const wts = Array.from({ length: 4 }, () => fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-wt-')));
    await Promise.all(wts.map((wt) => fs.promises.rm(wt, { recursive: true }).then(() => git.addWorktree(dir, wt, head))));
    const listed = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: dir, env, encoding: 'utf8' });
    for (const wt of wts) expect(listed).toContain(fs.realpathSync(wt));
    expect(fs.existsSync(lock)).toBe(false);
    await Promise.all(wts.map((wt) => git.removeWorktree(dir, wt)));
  });

  it('snapshots a worktree including deletions and honours .gitignore', async () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
    execFileSync('git', ['add', '-A'], { cwd: dir, env });
    execFileSync('git', ['commit', '-q', '-m', 'ignore'], { cwd: dir, env });
    const head = (await git.resolveCommit(dir, 'HEAD'))!;
    const wt = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-wt-'));
    await git.addWorktree(dir, wt, head);
    fs.rmSync(path.join(wt, 'a.txt'));
    fs.mkdirSync(path.join(wt, 'ignored'));
    fs.writeFileSync(path.join(wt, 'ignored/x'), 'x');
    fs.writeFileSync(path.join(wt, 'b.txt'), 'b\n');
    const tree = await git.snapshotTree(wt);
    await git.removeWorktree(dir, wt);
    expect(fs.existsSync(wt)).toBe(false);
    const names = execFileSync('git', ['ls-tree', '--name-only', tree], { cwd: dir, env, encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(['.gitignore', 'b.txt']);
  });
});
