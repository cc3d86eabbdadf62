// Expected failures of the git and spec-branch domain. Messages name the folder or branch involved
// and the hint says what to do; remote URLs never appear in them (they may carry credentials).
import { errorDomain, ExitCode, type ExitCodeValue } from '../errors.js';

export type BranchErrorCode =
  | 'GIT_MISSING'
  | 'GIT_NOT_A_REPO'
  | 'GIT_NO_COMMITS'
  | 'GIT_FAILED'
  | 'GIT_REMOTE_UNKNOWN'
  | 'GIT_REMOTE_UNREACHABLE'
  | 'GIT_PUSH_REJECTED'
  | 'BRANCH_CONFLICT'
  | 'BRANCH_RACE_LOST'
  | 'BRANCH_INVALID_FEATURE_SHA'
  | 'BRANCH_SPECS_MISMATCH';

const exitCodes: Record<BranchErrorCode, ExitCodeValue> = {
  GIT_MISSING: ExitCode.usage,
  GIT_NOT_A_REPO: ExitCode.usage,
  GIT_NO_COMMITS: ExitCode.usage,
  GIT_FAILED: ExitCode.failed,
  GIT_REMOTE_UNKNOWN: ExitCode.usage,
  GIT_REMOTE_UNREACHABLE: ExitCode.failed,
  GIT_PUSH_REJECTED: ExitCode.failed,
  // docs/contracts.md §6: a branch conflict in compliance mode blocks the run.
  BRANCH_CONFLICT: ExitCode.blocked,
  BRANCH_RACE_LOST: ExitCode.failed,
  BRANCH_INVALID_FEATURE_SHA: ExitCode.usage,
  BRANCH_SPECS_MISMATCH: ExitCode.usage,
};

export class BranchError extends errorDomain<BranchErrorCode>('branch', (code) => exitCodes[code]) {}

/** A compliance-mode conflict: the branch exists with other content. Carries both commits. */
export class BranchConflictError extends BranchError {
  constructor(
    readonly branch: string,
    readonly existingCommit: string,
    readonly candidateCommit: string,
    readonly where: 'local' | 'remote',
  ) {
    super(
      'BRANCH_CONFLICT',
      `spec branch ${branch} already exists (${where}) at commit ${existingCommit} with different content than this run's commit ${candidateCommit}`,
      {
        hint:
          `compliance mode never overwrites or forks a spec branch. See what differs: git diff --stat ${existingCommit} ${candidateCommit}. ` +
          `If the existing branch is stale, delete it (git branch -D ${branch}` +
          (where === 'remote' ? ` and git push <remote> --delete ${branch}` : '') +
          ') and rerun; if the specs changed on purpose, commit them (the spec set then gets a new branch); or run in sandbox mode to get a -vN variant',
      },
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), branch: this.branch, existingCommit: this.existingCommit, candidateCommit: this.candidateCommit, where: this.where };
  }
}
