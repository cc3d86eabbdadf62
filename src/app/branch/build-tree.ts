// The content of a spec branch: HEAD checked out into a throw-away linked worktree, filled by the
// generator, checked to hold the specs the branch is named after, and staged into a tree.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { BranchError } from '../../core/branch/errors.js';
import { InterruptedError, isSpecgateError } from '../../core/errors.js';
import type { Mode } from '../../core/config/schema.js';
import type { WorktreePorts } from './ports.js';

export type { WorktreePorts };

/** What building the tree needs of publishSpecBranch's options (PublishSpecBranchOptions in publish.ts). */
export interface TreeRequest {
  readonly repoRoot: string;
  readonly featureSha: string;
  readonly mode: Mode;
  readonly populate: (worktreeDir: string, worktreeRoot: string) => Promise<void>;
  readonly specPaths?: readonly string[];
  readonly signal?: AbortSignal;
  readonly worktreeParent?: string;
}


/** Checks HEAD out into a throw-away worktree, lets the generator fill it and returns the staged tree. */
export async function buildTree(ports: WorktreePorts, root: string, baseCommit: string, options: TreeRequest): Promise<{ tree: string; warnings: string[] }> {
  const { git, fs } = ports;
  const dir = await ports.makeWorktreeDir(options.worktreeParent);
  try {
    await git.addWorktree(root, dir, baseCommit);
    throwIfAborted(options.signal);
    const within = path.relative(root, await fs.realpath(options.repoRoot));
    const projectDir = within === '' ? dir : path.join(dir, within);
    await options.populate(projectDir, dir);
    throwIfAborted(options.signal);
    const warnings = options.specPaths === undefined ? [] : await checkSpecs(fs, projectDir, options);
    const tree = await git.snapshotTree(dir);
    // The worktree starts as a clean checkout, so anything ignored in it was written by the generator.
    const ignored = await git.ignoredFiles(dir);
    if (ignored.length > 0) {
      const shown = ignored.slice(0, 10).join(', ') + (ignored.length > 10 ? `, … (${ignored.length} in all)` : '');
      warnings.push(`generated files matched by .gitignore are not on the spec branch: ${shown} (remove them from .gitignore to commit them)`);
    }
    return { tree, warnings };
  } finally {
    await git.removeWorktree(root, dir);
  }
}

/** The branch is named after a spec set: the specs it holds must be that spec set. */
async function checkSpecs(fs: FileSystem, projectDir: string, options: TreeRequest): Promise<string[]> {
  const { identifySpecs } = await import('../spec/identify.js');
  let held: string;
  try {
    held = (await identifySpecs(fs, projectDir, options.specPaths ?? [])).featureSha;
  } catch (error) {
    if (!isSpecgateError(error)) throw error;
    held = `none (${error.message})`;
  }
  if (held === options.featureSha) return [];
  const message = `the specs committed at HEAD (feature SHA ${held}) are not the spec set ${options.featureSha} the branch is named after`;
  if (options.mode === 'compliance') {
    throw new BranchError('BRANCH_SPECS_MISMATCH', message, {
      hint: 'commit your spec changes first (git add features && git commit), so the spec branch holds exactly the specs it names',
    });
  }
  return [`${message}; commit your spec changes so the branch matches its name`];
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('interrupted while publishing the spec branch');
}
