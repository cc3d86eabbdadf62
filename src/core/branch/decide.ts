// The spec-branch decision of docs/contracts.md §2/§5, pure: given what already exists under the spec
// branch's name (locally and on the remote) and the tree this run would commit, say whether to
// reuse, create, take a -vN variant, or block. Identical content is never a conflict.
import type { Mode } from '../config/schema.js';
import { specBranchName } from '../spec/feature-sha.js';
import { BranchError } from './errors.js';

/** One copy of a branch: the commit it points at and that commit's tree. */
export interface BranchCopy {
  readonly commit: string;
  readonly tree: string;
}

/** A spec branch name (base or variant) as it exists locally and/or on the remote. */
export interface ExistingBranch {
  readonly name: string;
  readonly local?: BranchCopy;
  readonly remote?: BranchCopy;
}

export interface BranchDecisionInput {
  readonly featureSha: string;
  readonly mode: Mode;
  /** The tree this run would commit. */
  readonly candidateTree: string;
  readonly existing: readonly ExistingBranch[];
}

export type BranchDecision =
  | {
      readonly action: 'reuse';
      readonly branch: string;
      readonly commit: string;
      /** The branch exists only on the remote: a local ref must be created at `commit`. */
      readonly createLocalRef: boolean;
      readonly variantOf?: string;
    }
  | { readonly action: 'create'; readonly branch: string; readonly variantOf?: string }
  | { readonly action: 'block'; readonly branch: string; readonly existingCommit: string; readonly where: 'local' | 'remote' };

const FEATURE_SHA = /^[0-9a-f]{12}$/;

export function assertFeatureSha(sha: string): void {
  if (!FEATURE_SHA.test(sha)) {
    throw new BranchError('BRANCH_INVALID_FEATURE_SHA', `'${sha}' is not a feature SHA (12 lowercase hex characters)`, {
      hint: 'compute it with `specgate id` (docs/contracts.md §2)',
    });
  }
}

/** `auto/spec-implementation/<sha>` for n = 1, `…-v<n>` from 2 on. */
export function variantName(featureSha: string, n: number): string {
  return n <= 1 ? specBranchName(featureSha) : `${specBranchName(featureSha)}-v${n}`;
}

/** The variant number of `name` for this feature SHA (1 for the base name), or undefined if it is not one of its names. */
export function variantNumber(featureSha: string, name: string): number | undefined {
  const base = specBranchName(featureSha);
  if (name === base) return 1;
  const match = /^-v([1-9][0-9]{0,5})$/.exec(name.slice(base.length));
  if (!name.startsWith(base) || match === null) return undefined;
  const n = Number(match[1]);
  return n >= 2 ? n : undefined;
}

function differs(branch: ExistingBranch, tree: string): { commit: string; where: 'local' | 'remote' } | undefined {
  if (branch.local && branch.local.tree !== tree) return { commit: branch.local.commit, where: 'local' };
  if (branch.remote && branch.remote.tree !== tree) return { commit: branch.remote.commit, where: 'remote' };
  return undefined;
}

function reuse(branch: ExistingBranch, base: string): BranchDecision | undefined {
  const commit = branch.local?.commit ?? branch.remote?.commit;
  if (commit === undefined) return undefined;
  return {
    action: 'reuse',
    branch: branch.name,
    commit,
    createLocalRef: branch.local === undefined,
    ...(branch.name === base ? {} : { variantOf: base }),
  };
}

export function decideSpecBranch(input: BranchDecisionInput): BranchDecision {
  assertFeatureSha(input.featureSha);
  const base = specBranchName(input.featureSha);
  const byNumber = new Map<number, ExistingBranch>();
  for (const branch of input.existing) {
    const n = variantNumber(input.featureSha, branch.name);
    if (n !== undefined && (branch.local !== undefined || branch.remote !== undefined)) byNumber.set(n, branch);
  }

  const baseBranch = byNumber.get(1);
  if (baseBranch === undefined) return { action: 'create', branch: base };
  const conflict = differs(baseBranch, input.candidateTree);
  if (conflict === undefined) return reuse(baseBranch, base) ?? { action: 'create', branch: base };
  if (input.mode === 'compliance') return { action: 'block', branch: base, existingCommit: conflict.commit, where: conflict.where };

  // Sandbox: a variant that already holds exactly this content is reused (reruns are idempotent);
  // otherwise the first free -vN is taken, leaving every existing branch untouched.
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  for (const n of numbers) {
    const branch = byNumber.get(n);
    if (n >= 2 && branch !== undefined && differs(branch, input.candidateTree) === undefined) {
      const decision = reuse(branch, base);
      if (decision) return decision;
    }
  }
  let n = 2;
  while (byNumber.has(n)) n += 1;
  return { action: 'create', branch: variantName(input.featureSha, n), variantOf: base };
}

export interface CommitMessageInput {
  readonly featureSha: string;
  readonly mode: Mode;
  readonly baseCommit: string;
  /** Message chosen by the caller (e.g. the generator); a default names the feature SHA. */
  readonly message?: string;
}

/** Deterministic commit message; the trailers let an auditor trace the commit back to its spec set. */
export function specCommitMessage(input: CommitMessageInput): string {
  const given = input.message?.replace(/\r\n/g, '\n').trim();
  const text = given === undefined || given === '' ? `specgate: implementation of spec set ${input.featureSha}` : given;
  return [
    text,
    '',
    `Specgate-Feature-SHA: ${input.featureSha}`,
    `Specgate-Base-Commit: ${input.baseCommit}`,
    `Specgate-Mode: ${input.mode}`,
    '',
  ].join('\n');
}
