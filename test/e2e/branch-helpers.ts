// Throw-away git repositories for the spec-branch tests: real git, an identity set through the
// environment and no global or system config, so results never depend on the machine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeTree } from '../helpers/tmp.js';

export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export const FEATURE = `Feature: Payments
  @resource:cpu=0.25,memory=256,storage=50,story_points=3
  Scenario: Pay an invoice
    Given an open invoice
    When I pay it
    Then it is settled
`;

/** A committed project with one feature file; returns its folder. */
export function makeRepo(files: Record<string, string> = {}): string {
  const dir = tempDir('specgate-branch-');
  git(dir, '-c', 'init.defaultBranch=main', 'init', '--quiet');
  writeTree(dir, { 'specgate.yaml': 'name: pay\n', 'features/pay.feature': FEATURE, 'README.md': '# pay\n', ...files });
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  return dir;
}

/** A bare repository wired up as `origin` of `repo`, holding main. */
export function addOrigin(repo: string): string {
  const bare = path.join(tempDir('specgate-origin-'), 'origin.git');
  git(path.dirname(bare), '-c', 'init.defaultBranch=main', 'init', '--quiet', '--bare', bare);
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'push', '--quiet', 'origin', 'main');
  return bare;
}

/** The feature SHA the way docs/contracts.md §2 says anyone can reproduce it. */
export function shellFeatureSha(dir: string): string {
  return execFileSync('/bin/sh', ['-c', "find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12"], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

/** Commits a tree different from HEAD's straight onto `branch` (without touching the working copy). */
export function commitOtherContent(repo: string, branch: string, note: string): string {
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: note, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  const headTree = git(repo, 'rev-parse', 'HEAD^{tree}');
  const listing = git(repo, 'ls-tree', headTree);
  const tree = execFileSync('git', ['mktree'], { cwd: repo, input: `${listing}\n100644 blob ${blob}\tOTHER.md\n`, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  const commit = git(repo, 'commit-tree', tree, '-p', 'HEAD', '-m', `other ${note}`);
  git(repo, 'update-ref', `refs/heads/${branch}`, commit);
  return commit;
}

/** The user's view of their checkout: status plus the exact bytes of the index file. */
export function checkoutState(repo: string): { status: string; index: string } {
  return { status: git(repo, 'status', '--porcelain=v1', '--untracked-files=all'), index: fs.readFileSync(path.join(repo, '.git', 'index')).toString('hex') };
}
