// What already exists under a feature SHA's spec branch names, locally and on the remote; shared
// by `publishSpecBranch` (which needs trees to compare content) and `inspectSpecBranch` (which
// only reports). Remote commits are fetched only when their tree is needed and not already here.
import type { Git } from '../../core/branch/ports.js';
import { BranchError } from '../../core/branch/errors.js';
import { assertFeatureSha, variantNumber, type ExistingBranch } from '../../core/branch/decide.js';
import { specBranchName } from '../../core/spec/feature-sha.js';
import { isSpecgateError } from '../../core/errors.js';

export async function repositoryRoot(git: Git, dir: string): Promise<string> {
  return git.topLevel(dir);
}

/** `undefined` asks for 'origin' if it is configured; `null` means compare against local branches only. */
export async function resolveRemote(git: Git, root: string, remote: string | null | undefined): Promise<string | undefined> {
  if (remote === null) return undefined;
  const configured = await git.remotes(root);
  if (remote === undefined) return configured.includes('origin') ? 'origin' : undefined;
  if (!configured.includes(remote)) {
    throw new BranchError('GIT_REMOTE_UNKNOWN', `git remote '${remote}' is not configured in ${root}`, {
      path: root,
      hint: configured.length > 0 ? `use one of: ${configured.join(', ')}` : 'add it with `git remote add NAME URL`, or leave --remote out',
    });
  }
  return remote;
}

export interface SpecBranchSurvey {
  readonly branches: readonly ExistingBranch[];
}

export async function surveySpecBranches(
  git: Git,
  root: string,
  featureSha: string,
  remote: string | undefined,
  options: { withTrees: boolean },
): Promise<SpecBranchSurvey> {
  const base = specBranchName(featureSha);
  const local = await git.localBranches(root, base);
  const onRemote = remote === undefined ? new Map<string, string>() : await git.remoteBranches(root, remote, base);
  const names = [...new Set([...local.keys(), ...onRemote.keys()])]
    .filter((name) => variantNumber(featureSha, name) !== undefined)
    .sort((a, b) => (variantNumber(featureSha, a) ?? 0) - (variantNumber(featureSha, b) ?? 0));

  const branches: ExistingBranch[] = [];
  for (const name of names) {
    const localCommit = local.get(name);
    const remoteCommit = onRemote.get(name);
    const tree = async (commit: string, fromRemote: boolean): Promise<string> => {
      if (!options.withTrees) return '';
      if (fromRemote && remote !== undefined && !(await git.hasCommit(root, commit))) {
        await git.fetchBranch(root, remote, name);
        // The fetch brought the branch's current tip: if that is not what ls-remote listed, it moved.
        if (!(await git.hasCommit(root, commit))) {
          throw new BranchError('BRANCH_RACE_LOST', `${name} moved on remote '${remote}' while specgate compared it`, {
            path: root,
            hint: 'rerun: another run is publishing the same spec branch',
          });
        }
      }
      return git.treeOf(root, commit);
    };
    branches.push({
      name,
      ...(localCommit ? { local: { commit: localCommit, tree: await tree(localCommit, false) } } : {}),
      ...(remoteCommit ? { remote: { commit: remoteCommit, tree: await tree(remoteCommit, true) } } : {}),
    });
  }
  return { branches };
}

export interface SpecBranchStatus {
  readonly featureSha: string;
  readonly branch: string;
  readonly repoRoot: string;
  readonly headCommit?: string;
  /** Undefined when HEAD is detached. */
  readonly currentBranch?: string;
  readonly remote?: string;
  /** Set when the remote could not be asked (the local view is still reported). */
  readonly remoteError?: string;
  /** Base name first, then -vN variants in order. */
  readonly branches: readonly { readonly name: string; readonly local?: string; readonly remote?: string }[];
}

export interface InspectSpecBranchOptions {
  readonly repoRoot: string;
  readonly featureSha: string;
  readonly remote?: string | null;
}

/** Reports the spec branch (and its variants) for a feature SHA, locally and on the remote. Never writes. */
export async function inspectSpecBranch(options: InspectSpecBranchOptions, git: Git): Promise<SpecBranchStatus> {
  assertFeatureSha(options.featureSha);
  const root = await repositoryRoot(git, options.repoRoot);
  const remote = await resolveRemote(git, root, options.remote);
  const headCommit = await git.resolveCommit(root, 'HEAD');
  const currentBranch = await git.currentBranch(root);
  let survey: SpecBranchSurvey;
  let remoteError: string | undefined;
  try {
    survey = await surveySpecBranches(git, root, options.featureSha, remote, { withTrees: false });
  } catch (error) {
    if (!(isSpecgateError(error) && error.code === 'GIT_REMOTE_UNREACHABLE')) throw error;
    remoteError = error.message;
    survey = await surveySpecBranches(git, root, options.featureSha, undefined, { withTrees: false });
  }
  return {
    featureSha: options.featureSha,
    branch: specBranchName(options.featureSha),
    repoRoot: root,
    ...(headCommit ? { headCommit } : {}),
    ...(currentBranch ? { currentBranch } : {}),
    ...(remote ? { remote } : {}),
    ...(remoteError ? { remoteError } : {}),
    branches: survey.branches.map((b) => ({
      name: b.name,
      ...(b.local ? { local: b.local.commit } : {}),
      ...(b.remote ? { remote: b.remote.commit } : {}),
    })),
  };
}
