// The branch/CI composition root: the library functions keep `git` optional (real git by default)
// and use the Git port the caller hands in; worktree folders default to the OS temp folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import type { Git } from '../core/branch/ports.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { exportGithubWorkflow, inspectSpecBranch, nodeSpecBranchPorts } from './compose-branch.js';

const SHA = 'abcdef012345';

describe('compose-branch', () => {
  it('makes worktree folders under the OS temp folder unless a parent is given', async () => {
    const ports = nodeSpecBranchPorts();
    const inTmp = await ports.makeWorktreeDir(undefined);
    const parent = tempDir('specgate-wt-parent-');
    const inParent = await ports.makeWorktreeDir(parent);
    try {
      expect(path.dirname(inTmp)).toBe(os.tmpdir());
      expect(path.dirname(inParent)).toBe(parent);
    } finally {
      fs.rmSync(inTmp, { recursive: true, force: true });
    }
  });

  it('inspects through the Git port the caller hands in', async () => {
    const asked: string[] = [];
    const git = {
      topLevel: (dir: string) => (asked.push('topLevel'), Promise.resolve(dir)),
      resolveCommit: () => Promise.resolve('c'.repeat(40)),
      currentBranch: () => Promise.resolve('main'),
      remotes: () => Promise.resolve([]),
      localBranches: () => Promise.resolve(new Map([[`auto/spec-implementation/${SHA}`, 'd'.repeat(40)]])),
    } as unknown as Git;
    const status = await inspectSpecBranch({ repoRoot: '/repo', featureSha: SHA, git });
    expect(status).toMatchObject({ repoRoot: '/repo', currentBranch: 'main', branches: [{ name: `auto/spec-implementation/${SHA}`, local: 'd'.repeat(40) }] });
    expect(asked).toEqual(['topLevel']);
  });

  it('exports the workflow with real git when none is given (outside a repository: the project is the top)', async () => {
    const root = tempDir('specgate-ci-compose-');
    const exported = await exportGithubWorkflow({ fs: new NodeFileSystem(), projectRoot: root, reportsDir: 'reports', cwd: root, version: '0.1.0', out: '-' });
    expect(exported.projectDir).toBe('.');
    expect(exported.path).toBeUndefined();
    expect(exported.content).toContain('jobs:');
  });
});
