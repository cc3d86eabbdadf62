// Publishes the spec branch of docs/contracts.md §2 without touching the user's working copy or index:
// a linked worktree at HEAD receives the generated files, its tree is committed, and the branch
// ref is created with an expected old value so two parallel runs can never both win.
import type { Mode } from '../../core/config/schema.js';
import { isSpecgateError } from '../../core/errors.js';
import type { Git, GitIdentity } from '../../core/branch/ports.js';
import { BranchConflictError, BranchError } from '../../core/branch/errors.js';
import { assertFeatureSha, decideSpecBranch, specCommitMessage } from '../../core/branch/decide.js';
import { specBranchName } from '../../core/spec/feature-sha.js';
import { buildTree, throwIfAborted } from './build-tree.js';
import type { SpecBranchPorts } from './ports.js';
import { repositoryRoot, resolveRemote, surveySpecBranches, type SpecBranchSurvey } from './survey.js';

export const SPECGATE_IDENTITY: GitIdentity = { name: 'specgate', email: 'specgate@localhost' };

export interface PublishSpecBranchOptions {
  /** Any folder inside the repository (usually the project root). */
  readonly repoRoot: string;
  readonly featureSha: string;
  readonly mode: Mode;
  /** Commit message; trailers naming the feature SHA, base commit and mode are always appended. */
  readonly message?: string;
  /** Remote compared against (and pushed to): default 'origin' when configured; null for none. */
  readonly remote?: string | null;
  /**
   * Writes the branch's content (the generator). `worktreeDir` is the worktree's copy of `repoRoot`
   * (so a project in a subfolder of its repository writes into that subfolder); `worktreeRoot` is the
   * worktree's top level. The worktree starts as a checkout of HEAD.
   */
  readonly populate: (worktreeDir: string, worktreeRoot: string) => Promise<void>;
  /**
   * The project's spec paths (config `features`). When given, the specs inside the branch's content
   * must hash to `featureSha`, so the branch holds the specs it is named after: a mismatch (spec
   * edits not committed yet) blocks in compliance and is a warning in sandbox.
   */
  readonly specPaths?: readonly string[];
  /** Push the branch to the remote after publishing it locally. Off unless asked. */
  readonly push?: boolean;
  readonly signal?: AbortSignal;
  readonly author?: GitIdentity;
  readonly committer?: GitIdentity;
  /** Where the temporary worktree is created (default: the OS temp folder). */
  readonly worktreeParent?: string;
}

export interface BranchOutcome {
  readonly branch: string;
  readonly commit: string;
  readonly tree: string;
  readonly baseCommit: string;
  readonly outcome: 'created' | 'reused' | 'variant';
  /** The base spec branch name when `branch` is a -vN variant. */
  readonly variantOf?: string;
  /** The remote that was compared against, if any. */
  readonly remote?: string;
  readonly pushed: boolean;
  /** Sandbox-mode problems that did not stop publishing (e.g. specs not matching the feature SHA). */
  readonly warnings: readonly string[];
}

/** Attempts before giving up when other runs keep creating the same names under us. */
const MAX_ATTEMPTS = 5;

/** Publishes the spec branch for `options.featureSha`; `ports.git` should honour `options.signal`. */
export async function publishSpecBranch(options: PublishSpecBranchOptions, ports: SpecBranchPorts): Promise<BranchOutcome> {
  assertFeatureSha(options.featureSha);
  const { git, clock } = ports;
  const repo = await openRepository(git, options);
  const { tree, warnings } = await buildTree(ports, repo.root, repo.baseCommit, options);
  const candidate = await git.commitTree(repo.root, {
    tree,
    parents: [repo.baseCommit],
    message: specCommitMessage({ featureSha: options.featureSha, mode: options.mode, baseCommit: repo.baseCommit, ...(options.message ? { message: options.message } : {}) }),
    author: options.author ?? SPECGATE_IDENTITY,
    committer: options.committer ?? options.author ?? SPECGATE_IDENTITY,
    date: clock.now(),
  });
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    throwIfAborted(options.signal);
    const placed = await placeCommit(git, repo, options, { tree, candidate, warnings });
    if (placed !== undefined) return placed;
  }
  throw new BranchError('BRANCH_RACE_LOST', `other runs kept creating ${specBranchName(options.featureSha)} variants; gave up after ${MAX_ATTEMPTS} attempts`, {
    path: repo.root,
    hint: 'rerun once the parallel runs for this feature SHA have finished',
  });
}

interface Repository {
  readonly root: string;
  readonly baseCommit: string;
  readonly remote: string | undefined;
}

/** The repository's top level, the HEAD commit the branch starts from, and the remote to compare with. */
async function openRepository(git: Git, options: PublishSpecBranchOptions): Promise<Repository> {
  const root = await repositoryRoot(git, options.repoRoot);
  const baseCommit = await git.resolveCommit(root, 'HEAD');
  if (baseCommit === undefined) {
    throw new BranchError('GIT_NO_COMMITS', `the repository at ${root} has no commit to start from`, {
      path: root,
      hint: 'commit your project once (git add -A && git commit) so spec branches have a base commit',
    });
  }
  const remote = await resolveRemote(git, root, options.remote);
  if (options.push === true && remote === undefined) {
    throw new BranchError('GIT_REMOTE_UNKNOWN', `asked to push the spec branch, but ${root} has no remote to push to`, {
      path: root,
      hint: "configure one (git remote add origin URL) or name it with --remote; leave --push out to publish locally only",
    });
  }
  return { root, baseCommit, remote };
}

/**
 * One look at the spec branches and the decision it allows: reuse, create (or a -vN variant), or
 * block. Undefined when another run created the chosen name since we looked: look again.
 */
async function placeCommit(git: Git, repo: Repository, options: PublishSpecBranchOptions, built: { tree: string; candidate: string; warnings: readonly string[] }): Promise<BranchOutcome | undefined> {
  const { root, remote, baseCommit } = repo;
  const { tree, candidate, warnings } = built;
  let survey: SpecBranchSurvey;
  try {
    survey = await surveySpecBranches(git, root, options.featureSha, remote, { withTrees: true });
  } catch (error) {
    if (isSpecgateError(error) && error.code === 'BRANCH_RACE_LOST') return undefined;
    throw error;
  }
  const decision = decideSpecBranch({ featureSha: options.featureSha, mode: options.mode, candidateTree: tree, existing: survey.branches });
  if (decision.action === 'block') throw new BranchConflictError(decision.branch, decision.existingCommit, candidate, decision.where);
  const commit = decision.action === 'reuse' ? decision.commit : candidate;
  const needsRef = decision.action === 'create' || decision.createLocalRef;
  if (needsRef && !(await git.createBranch(root, decision.branch, commit, undefined))) return undefined;
  const outcome: BranchOutcome['outcome'] = decision.action === 'reuse' ? 'reused' : decision.variantOf ? 'variant' : 'created';
  // A remote copy of the chosen name already holds this content (else the decision would not pick it).
  const onRemote = survey.branches.find((b) => b.name === decision.branch)?.remote;
  let pushed = false;
  if (options.push === true && remote !== undefined && onRemote === undefined) {
    await git.push(root, remote, decision.branch, commit);
    pushed = true;
  }
  return {
    branch: decision.branch,
    commit,
    tree,
    baseCommit,
    outcome,
    ...(decision.variantOf ? { variantOf: decision.variantOf } : {}),
    ...(remote ? { remote } : {}),
    pushed,
    warnings,
  };
}
