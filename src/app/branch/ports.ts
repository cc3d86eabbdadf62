// The ports publishing a spec branch takes: git plumbing, the file system, the clock (commit time),
// and a fresh folder for the throw-away worktree. Wired by a composition root
// (src/cli/compose-branch.ts); tests hand in real git on a temp repository, or fakes.
import type { Git } from '../../core/branch/ports.js';
import type { Clock, FileSystem } from '../../core/ports.js';

export interface WorktreePorts {
  readonly git: Git;
  readonly fs: FileSystem;
  /** A fresh empty folder for the linked worktree: under `parent` when given, else the OS temp folder. */
  readonly makeWorktreeDir: (parent: string | undefined) => Promise<string>;
}

export interface SpecBranchPorts extends WorktreePorts {
  /** Author and committer date of the spec commit. */
  readonly clock: Clock;
}
