// The Git port (docs/ARCHITECTURE.md): the few repository operations spec branches need, each a plain
// plumbing step so the application layer decides and the adapter only executes. Object ids are
// full lowercase hex (SHA-1 or SHA-256 repositories alike).

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

export interface CommitRequest {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  /** Author and committer date; injected so commits are reproducible in tests. */
  readonly date: Date;
}

/** What `git ls-remote --heads` reports: full branch name (without refs/heads/) → commit. */
export type RemoteHeads = ReadonlyMap<string, string>;

export interface Git {
  /** The top-level folder of the work tree that contains `dir`. */
  topLevel(dir: string): Promise<string>;
  /** The commit a revision names, or undefined when it names none (e.g. a branch that does not exist). */
  resolveCommit(repo: string, rev: string): Promise<string | undefined>;
  /** The tree a commit records. */
  treeOf(repo: string, commit: string): Promise<string>;
  /** Whether the object database holds this commit (so its tree can be read without a fetch). */
  hasCommit(repo: string, commit: string): Promise<boolean>;
  /** Name of the checked-out branch, or undefined when HEAD is detached. */
  currentBranch(repo: string): Promise<string | undefined>;
  /** Local branches whose name starts with `prefix` → commit. */
  localBranches(repo: string, prefix: string): Promise<ReadonlyMap<string, string>>;
  /** Names of the configured remotes. */
  remotes(repo: string): Promise<readonly string[]>;
  /** Branches on `remote` whose name starts with `prefix` (a network call). */
  remoteBranches(repo: string, remote: string, prefix: string): Promise<RemoteHeads>;
  /** Brings `branch`'s commit from `remote` into the object database without touching any local branch. */
  fetchBranch(repo: string, remote: string, branch: string): Promise<void>;
  /** Checks `commit` out, detached, into a new linked worktree at `dir`. */
  addWorktree(repo: string, dir: string, commit: string): Promise<void>;
  /** Removes the linked worktree at `dir` and its administrative files, even if it is dirty. */
  removeWorktree(repo: string, dir: string): Promise<void>;
  /** Stages every change in the worktree (additions, edits, deletions; .gitignore respected) and returns the tree. */
  snapshotTree(worktree: string): Promise<string>;
  /** Untracked files that .gitignore keeps out of the worktree's index. */
  ignoredFiles(worktree: string): Promise<string[]>;
  /** Writes a commit object (no ref moves) and returns its id. */
  commitTree(repo: string, request: CommitRequest): Promise<string>;
  /**
   * Points `refs/heads/<branch>` at `commit` only if it currently points at `expected`
   * (`undefined`: only if it does not exist). Returns false when another writer got there first.
   */
  createBranch(repo: string, branch: string, commit: string, expected: string | undefined): Promise<boolean>;
  /** Pushes `commit` to `refs/heads/<branch>` on `remote`, refusing to overwrite anything else. */
  push(repo: string, remote: string, branch: string, commit: string): Promise<void>;
}
