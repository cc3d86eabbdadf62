// The branch and CI areas' composition root: real git (bound to the caller's abort signal), the
// disk, the clock and a temp folder for the spec branch's worktree, handed to src/app/branch and
// src/app/ci. Used by `specgate branch`, `specgate ci github`, the generate stage (through
// stageAdapters in compose.ts) and src/index.ts, whose signatures (git and clock optional) it keeps.
import * as os from 'node:os';
import { systemClock } from '../adapters/clock.js';
import { makeWorktreeDir, NodeGit } from '../adapters/git.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import * as publish from '../app/branch/publish.js';
import type { SpecBranchPorts } from '../app/branch/ports.js';
import * as survey from '../app/branch/survey.js';
import * as ci from '../app/ci/export.js';
import type { GenerateStagePorts } from '../app/stages/ports.js';
import type { Git } from '../core/branch/ports.js';
import type { Clock } from '../core/ports.js';

interface NodeGitChoice {
  /** Your own Git port; default: git on PATH, killed when `signal` aborts. */
  readonly git?: Git;
  readonly signal?: AbortSignal;
}

function nodeGit(options: NodeGitChoice): Git {
  return options.git ?? new NodeGit(options.signal ? { signal: options.signal } : {});
}

/** Spec branch publishing wired to Node: git, disk, wall clock, worktrees under the OS temp folder. */
export function nodeSpecBranchPorts(options: NodeGitChoice & { readonly clock?: Clock } = {}): SpecBranchPorts {
  return {
    git: nodeGit(options),
    fs: new NodeFileSystem(),
    clock: options.clock ?? systemClock,
    makeWorktreeDir: (parent) => makeWorktreeDir(parent ?? os.tmpdir()),
  };
}

/** What the generate stage reaches beyond its StageContext (spread into stageAdapters). */
export const generateStagePorts: GenerateStagePorts = { specBranch: (signal) => nodeSpecBranchPorts({ signal }) };

export type LibraryPublishOptions = publish.PublishSpecBranchOptions & { readonly git?: Git; readonly clock?: Clock };

/** Publishes the spec branch (src/app/branch/publish.ts) with real git unless `git` is given. */
export function publishSpecBranch(options: LibraryPublishOptions): Promise<publish.BranchOutcome> {
  return publish.publishSpecBranch(options, nodeSpecBranchPorts(options));
}

/** Reports the spec branch and its variants (src/app/branch/survey.ts). Never writes. */
export function inspectSpecBranch(options: survey.InspectSpecBranchOptions & NodeGitChoice): Promise<survey.SpecBranchStatus> {
  return survey.inspectSpecBranch(options, nodeGit(options));
}

/** Writes the GitHub Actions workflow (src/app/ci/export.ts); the repository is found with real git unless `git` is given. */
export function exportGithubWorkflow(options: Omit<ci.ExportGithubWorkflowOptions, 'git'> & { readonly git?: Git }): Promise<ci.ExportedWorkflow> {
  return ci.exportGithubWorkflow({ ...options, git: options.git ?? new NodeGit() });
}
