// `specgate branch` end to end: the real CLI on throw-away git repositories (and a bare `origin`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { addOrigin, checkoutState, commitOtherContent, git, GIT_ENV, makeRepo, shellFeatureSha } from './branch-helpers.js';

const cli = (args: string[], cwd: string) => runCli(args, { cwd, env: GIT_ENV });

interface Outcome {
  branch: string;
  commit: string;
  tree: string;
  baseCommit: string;
  outcome: string;
  variantOf?: string;
  pushed: boolean;
}

async function create(cwd: string, ...extra: string[]): Promise<Outcome> {
  const result = await cli(['branch', '--create', '--json', ...extra], cwd);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Outcome;
}

describe('specgate branch', () => {
  it('names the spec branch after the reproducible feature SHA and reports it missing', async () => {
    const repo = makeRepo();
    const result = await cli(['branch', '--json'], repo);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.featureSha).toBe(shellFeatureSha(repo));
    expect(status.branch).toBe(`auto/spec-implementation/${shellFeatureSha(repo)}`);
    expect(status.branches).toEqual([]);
    expect(status.currentBranch).toBe('main');
    expect(status.headCommit).toBe(git(repo, 'rev-parse', 'HEAD'));
  });

  it('creates the branch from HEAD without touching the working copy or the index, then reuses it', async () => {
    const repo = makeRepo({ 'src/app.ts': 'export const a = 1;\n' });
    // A busy checkout: an unstaged edit, a staged edit and an untracked file.
    fs.appendFileSync(path.join(repo, 'README.md'), 'unstaged edit\n');
    writeTree(repo, { 'src/app.ts': 'export const a = 2;\n', 'notes.txt': 'untracked\n' });
    git(repo, 'add', 'src/app.ts');
    const before = checkoutState(repo);

    const first = await create(repo);
    const sha = shellFeatureSha(repo);
    expect(first.outcome).toBe('created');
    expect(first.branch).toBe(`auto/spec-implementation/${sha}`);
    expect(git(repo, 'rev-parse', `refs/heads/${first.branch}`)).toBe(first.commit);
    expect(first.baseCommit).toBe(git(repo, 'rev-parse', 'HEAD'));
    // Content is HEAD's committed tree: neither the staged nor the unstaged edits leak in.
    expect(first.tree).toBe(git(repo, 'rev-parse', 'HEAD^{tree}'));
    expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%P', first.commit)).toBe(`specgate <specgate@localhost>|specgate <specgate@localhost>|${first.baseCommit}`);
    expect(git(repo, 'log', '-1', '--format=%B', first.commit)).toContain(`Specgate-Feature-SHA: ${sha}`);
    expect(checkoutState(repo)).toEqual(before);
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);

    const again = await create(repo);
    expect(again).toMatchObject({ outcome: 'reused', branch: first.branch, commit: first.commit });
    expect(checkoutState(repo)).toEqual(before);

    const shown = await cli(['branch'], repo);
    expect(shown.stdout).toContain(first.branch);
    expect(shown.stdout).toContain(first.commit);
  });

  it('takes -v2 then -v3 in sandbox mode when the branch exists with other content locally', async () => {
    const repo = makeRepo();
    const sha = shellFeatureSha(repo);
    const base = `auto/spec-implementation/${sha}`;
    const other = commitOtherContent(repo, base, 'someone else');

    const v2 = await create(repo, '--mode', 'sandbox');
    expect(v2).toMatchObject({ outcome: 'variant', branch: `${base}-v2`, variantOf: base });
    expect(git(repo, 'rev-parse', base)).toBe(other);

    // Same specs, new code on main: both existing branches now differ from what this run commits.
    writeTree(repo, { 'src/new.ts': 'export const n = 1;\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'code change');
    const v3 = await create(repo);
    expect(v3).toMatchObject({ outcome: 'variant', branch: `${base}-v3`, variantOf: base });
    expect(git(repo, 'rev-parse', `${base}-v2`)).toBe(v2.commit);

    // Rerunning with identical content reuses the variant that holds it.
    const rerun = await create(repo);
    expect(rerun).toMatchObject({ outcome: 'reused', branch: `${base}-v3`, commit: v3.commit });
  });

  it('blocks in compliance mode with exit 3, naming the branch and both commits, and creates nothing', async () => {
    const repo = makeRepo();
    const base = `auto/spec-implementation/${shellFeatureSha(repo)}`;
    const other = commitOtherContent(repo, base, 'stale');
    const refsBefore = git(repo, 'for-each-ref');

    const result = await cli(['branch', '--create', '--mode', 'compliance'], repo);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('BRANCH_CONFLICT');
    expect(result.stderr).toContain(base);
    expect(result.stderr).toContain(other);
    const candidate = [...result.stderr.matchAll(/\b[0-9a-f]{40}\b/g)].map((m) => m[0]).find((c) => c !== other);
    expect(candidate).toBeDefined();
    expect(git(repo, 'rev-parse', `${candidate!}^{tree}`)).toBe(git(repo, 'rev-parse', 'HEAD^{tree}'));
    expect(git(repo, 'for-each-ref')).toBe(refsBefore);
  });

  it('compares against the remote: conflict there gives -v2 in sandbox, exit 3 in compliance; identical content is reused', async () => {
    const repo = makeRepo();
    const bare = addOrigin(repo);
    const base = `auto/spec-implementation/${shellFeatureSha(repo)}`;
    // Another machine pushed the spec branch with other content; it is not known locally.
    const elsewhere = tempDir('specgate-clone-');
    git(elsewhere, 'clone', '--quiet', bare, 'c');
    const clone = path.join(elsewhere, 'c');
    const remoteCommit = commitOtherContent(clone, base, 'from another machine');
    git(clone, 'push', '--quiet', 'origin', base);
    expect(() => git(repo, 'cat-file', '-e', remoteCommit)).toThrow();

    const blocked = await cli(['branch', '--create', '--mode', 'compliance'], repo);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain(remoteCommit);
    expect(blocked.stderr).toContain('(remote)');

    const variant = await create(repo, '--mode', 'sandbox', '--push');
    expect(variant).toMatchObject({ outcome: 'variant', branch: `${base}-v2`, pushed: true });
    expect(git(bare, 'rev-parse', `refs/heads/${base}-v2`)).toBe(variant.commit);
    expect(git(bare, 'rev-parse', `refs/heads/${base}`)).toBe(remoteCommit);

    // A fresh clone with the same content reuses the pushed variant instead of forking again.
    const third = tempDir('specgate-clone-');
    git(third, 'clone', '--quiet', bare, 'c');
    const reused = await create(path.join(third, 'c'));
    expect(reused).toMatchObject({ outcome: 'reused', branch: `${base}-v2`, commit: variant.commit, pushed: false });
    expect(git(path.join(third, 'c'), 'rev-parse', `refs/heads/${base}-v2`)).toBe(variant.commit);
  });

  it('never leaks credentials from the remote URL and keeps working locally when the remote is down', async () => {
    const repo = makeRepo();
    git(repo, 'remote', 'add', 'origin', 'http://deploy-bot:s3cr3t-t0ken@127.0.0.1:9/pay.git');

    const shown = await cli(['branch'], repo);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain('cannot reach git remote');
    const created = await cli(['branch', '--create'], repo);
    expect(created.code).toBe(1);
    expect(created.stderr).toContain('GIT_REMOTE_UNREACHABLE');
    for (const out of [shown.stdout, shown.stderr, created.stdout, created.stderr]) expect(out).not.toContain('s3cr3t');

    const offline = await cli(['branch', '--create', '--no-remote', '--json'], repo);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout).outcome).toBe('created');
  });

  it('refuses in compliance (warns in sandbox) when the committed specs are not the spec set the branch is named after', async () => {
    const repo = makeRepo();
    fs.appendFileSync(path.join(repo, 'features/pay.feature'), '\n  Scenario: Refund\n    Given a paid invoice\n    When I refund it\n    Then it is open\n');
    const sha = shellFeatureSha(repo);
    const strict = await cli(['branch', '--create', '--mode', 'compliance'], repo);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('BRANCH_SPECS_MISMATCH');
    expect(strict.stderr).toContain(sha);
    expect(strict.stderr).toContain('git commit');
    expect(git(repo, 'for-each-ref', 'refs/heads/auto')).toBe('');

    const lenient = await cli(['branch', '--create', '--mode', 'sandbox', '--json'], repo);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('warning: the specs committed at HEAD');
    expect(JSON.parse(lenient.stdout)).toMatchObject({ branch: `auto/spec-implementation/${sha}`, outcome: 'created' });

    git(repo, 'commit', '--quiet', '-am', 'refund spec');
    // Specs now match, so the only complaint left is that the sandbox run above took the name with the old specs.
    const committed = await cli(['branch', '--create', '--mode', 'compliance'], repo);
    expect(committed.code).toBe(3);
    expect(committed.stderr).toContain('BRANCH_CONFLICT');
    expect(committed.stderr).not.toContain('BRANCH_SPECS_MISMATCH');
  });

  it('two parallel publishes of the same spec set agree on one branch and leave refs intact', async () => {
    const repo = makeRepo();
    const results = await Promise.all([cli(['branch', '--create', '--json'], repo), cli(['branch', '--create', '--json'], repo)]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const [a, b] = results.map((r) => JSON.parse(r.stdout) as Outcome);
    expect(a!.branch).toBe(b!.branch);
    expect(a!.commit).toBe(b!.commit);
    expect([a!.outcome, b!.outcome].sort()).toEqual(['created', 'reused']);
    expect(git(repo, 'rev-parse', a!.branch)).toBe(a!.commit);
    git(repo, 'fsck', '--no-progress', '--strict');
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('fails with exit 2 naming the folder outside a git repository, and on bad usage', async () => {
    const dir = tempDir('specgate-nogit-');
    writeTree(dir, { 'features/pay.feature': 'Feature: x\n' });
    const result = await cli(['branch'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GIT_NOT_A_REPO');
    expect(result.stderr).toContain(dir);
    expect(result.stderr).toContain('git init');

    const repo = makeRepo();
    const misuse = await cli(['branch', '--push'], repo);
    expect(misuse.code).toBe(2);
    const nowhere = await cli(['branch', '--create', '--push'], repo);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('no remote to push to');
    expect(git(repo, 'for-each-ref', 'refs/heads/auto')).toBe('');
    const unknownRemote = await cli(['branch', '--remote', 'nope'], repo);
    expect(unknownRemote.code).toBe(2);
    expect(unknownRemote.stderr).toContain('GIT_REMOTE_UNKNOWN');
  });
});
