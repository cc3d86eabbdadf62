// publishSpecBranch as the generate stage calls it: a populate callback writes into the worktree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSpecBranch, publishSpecBranch, type LibraryPublishOptions as PublishSpecBranchOptions } from '../../src/cli/compose-branch.js';
import { fixedClock } from '../../src/adapters/clock.js';
import { NodeGit } from '../../src/adapters/git.js';
import { tempDir } from '../helpers/tmp.js';
import { addOrigin, checkoutState, git, GIT_ENV, makeRepo } from './branch-helpers.js';

const SHA = 'abcdef012345';
const env = { ...process.env, ...GIT_ENV };

function options(repo: string, extra: Partial<PublishSpecBranchOptions> = {}): PublishSpecBranchOptions {
  return {
    repoRoot: repo,
    featureSha: SHA,
    mode: 'sandbox',
    git: new NodeGit({ env }),
    populate: async (dir) => {
      await fs.promises.mkdir(path.join(dir, 'src/generated'), { recursive: true });
      await fs.promises.writeFile(path.join(dir, 'src/generated/pay.ts'), 'export const pay = true;\n');
    },
    ...extra,
  };
}

describe('publishSpecBranch', () => {
  it('commits what populate wrote on top of HEAD, with the given message, identity and time', async () => {
    const repo = makeRepo();
    const before = checkoutState(repo);
    const outcome = await publishSpecBranch(
      options(repo, {
        message: 'generate: payments',
        author: { name: 'Gen Bot', email: 'gen@example.test' },
        clock: fixedClock('2025-09-24T14:04:40Z'),
      }),
    );
    expect(outcome).toMatchObject({ branch: `auto/spec-implementation/${SHA}`, outcome: 'created', pushed: false });
    expect(git(repo, 'show', `${outcome.commit}:src/generated/pay.ts`)).toBe('export const pay = true;');
    expect(git(repo, 'show', `${outcome.commit}:README.md`)).toBe('# pay');
    expect(git(repo, 'log', '-1', '--format=%s|%an|%ae|%cI', outcome.commit)).toBe('generate: payments|Gen Bot|gen@example.test|2025-09-24T14:04:40+00:00');
    expect(checkoutState(repo)).toEqual(before);
    expect(fs.existsSync(path.join(repo, 'src/generated'))).toBe(false);
  });

  it('reports generated files that .gitignore keeps off the branch; a clean generation reports none', async () => {
    const repo = makeRepo({ '.gitignore': 'src/generated/\n' });
    const ignored = await publishSpecBranch(options(repo));
    expect(() => git(repo, 'show', `${ignored.commit}:src/generated/pay.ts`)).toThrow();
    expect(ignored.warnings.join('\n')).toContain('matched by .gitignore are not on the spec branch: src/generated/pay.ts (remove them');
    const clean = await publishSpecBranch(options(makeRepo()));
    expect(clean.warnings.filter((w) => w.includes('.gitignore'))).toEqual([]);
  });

  it('removes the worktree and creates nothing when populate fails', async () => {
    const repo = makeRepo();
    const parent = tempDir('specgate-wt-parent-');
    const before = checkoutState(repo);
    const failing = options(repo, {
      worktreeParent: parent,
      populate: async (dir) => {
        await fs.promises.writeFile(path.join(dir, 'half.ts'), 'export {};\n');
        throw new Error('generator crashed');
      },
    });
    await expect(publishSpecBranch(failing)).rejects.toThrow('generator crashed');
    expect(fs.readdirSync(parent)).toEqual([]);
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(git(repo, 'for-each-ref', 'refs/heads/auto')).toBe('');
    expect(checkoutState(repo)).toEqual(before);
  });

  it('stops with an interrupted error when aborted, cleaning up', async () => {
    const repo = makeRepo();
    const parent = tempDir('specgate-wt-parent-');
    const controller = new AbortController();
    const run = publishSpecBranch(
      options(repo, {
        worktreeParent: parent,
        signal: controller.signal,
        // The same signal reaches git, as in the CLI: cleanup must still run after the abort.
        git: new NodeGit({ env, signal: controller.signal }),
        populate: () => {
          controller.abort();
          return Promise.resolve();
        },
      }),
    );
    await expect(run).rejects.toMatchObject({ code: 'INTERRUPTED', exitCode: 130 });
    expect(fs.readdirSync(parent)).toEqual([]);
    expect(git(repo, 'for-each-ref', 'refs/heads/auto')).toBe('');
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('parallel runs with different content in sandbox get the base name and -v2, never one overwriting the other', async () => {
    const repo = makeRepo();
    const writer = (text: string) => (dir: string) => fs.promises.writeFile(path.join(dir, 'gen.txt'), text);
    const outcomes = await Promise.all(['one', 'two', 'three'].map((t) => publishSpecBranch(options(repo, { populate: writer(t) }))));
    const branches = outcomes.map((o) => o.branch).sort();
    const base = `auto/spec-implementation/${SHA}`;
    expect(branches).toEqual([base, `${base}-v2`, `${base}-v3`]);
    for (const o of outcomes) {
      expect(git(repo, 'rev-parse', o.branch)).toBe(o.commit);
      expect(git(repo, 'rev-parse', `${o.commit}^{tree}`)).toBe(o.tree);
    }
    expect(new Set(outcomes.map((o) => git(repo, 'show', `${o.commit}:gen.txt`)))).toEqual(new Set(['one', 'two', 'three']));
    git(repo, 'fsck', '--no-progress', '--strict');
  });

  it('parallel runs with the same content converge on one commit', async () => {
    const repo = makeRepo();
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => publishSpecBranch(options(repo))));
    expect(new Set(outcomes.map((o) => o.commit)).size).toBe(1);
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'reused')).toHaveLength(3);
  });

  it('pushes only when asked, and inspect reports both sides', async () => {
    const repo = makeRepo();
    const bare = addOrigin(repo);
    const local = await publishSpecBranch(options(repo));
    expect(local.pushed).toBe(false);
    expect(() => git(bare, 'rev-parse', '--verify', local.branch)).toThrow();

    const pushed = await publishSpecBranch(options(repo, { push: true }));
    expect(pushed).toMatchObject({ outcome: 'reused', commit: local.commit, pushed: true, remote: 'origin' });
    expect(git(bare, 'rev-parse', local.branch)).toBe(local.commit);

    const status = await inspectSpecBranch({ repoRoot: repo, featureSha: SHA, git: new NodeGit({ env }) });
    expect(status.branches).toEqual([{ name: local.branch, local: local.commit, remote: local.commit }]);
    const quiet = await publishSpecBranch(options(repo, { push: true }));
    expect(quiet.pushed).toBe(false);
  });

  it('publishes from a detached HEAD, as CI checkouts of pull requests are', async () => {
    const repo = makeRepo();
    git(repo, 'checkout', '--quiet', '--detach');
    const outcome = await publishSpecBranch(options(repo));
    expect(outcome.baseCommit).toBe(git(repo, 'rev-parse', 'HEAD'));
    const status = await inspectSpecBranch({ repoRoot: repo, featureSha: SHA, git: new NodeGit({ env }) });
    expect(status.currentBranch).toBeUndefined();
    expect(status.branches).toEqual([{ name: outcome.branch, local: outcome.commit }]);
  });

  it('works from a project folder below the repository root', async () => {
    const repo = makeRepo({ 'services/pay/specgate.yaml': 'name: pay\n' });
    let root = '';
    const outcome = await publishSpecBranch(
      options(path.join(repo, 'services/pay'), {
        populate: async (dir, worktreeRoot) => {
          root = worktreeRoot;
          expect(fs.readFileSync(path.join(dir, 'specgate.yaml'), 'utf8')).toBe('name: pay\n');
          await fs.promises.writeFile(path.join(dir, 'generated.ts'), 'export {};\n');
        },
      }),
    );
    // The generator writes into the project's folder inside the worktree, not the repository root.
    expect(git(repo, 'show', `${outcome.commit}:services/pay/generated.ts`)).toBe('export {};');
    expect(git(repo, 'ls-tree', '--name-only', outcome.commit)).not.toContain('generated.ts');
    expect(fs.existsSync(path.join(root, 'README.md'))).toBe(false); // the worktree is gone
  });
});
