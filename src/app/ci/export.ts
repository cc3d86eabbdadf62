// `specgate ci github`: works out where the project sits in its repository (GitHub reads
// workflows only from the repository root's .github/workflows) and writes the workflow atomically,
// never outside the repository (or the project, when it is not in one).
import * as path from 'node:path';
import type { Git } from '../../core/branch/ports.js';
import type { FileSystem } from '../../core/ports.js';
import { isSpecgateError, UsageError } from '../../core/errors.js';
import { sha256Hex } from '../../core/data.js';
import { DEFAULT_STAGE_GROUPS, renderGithubWorkflow, type StageGroup } from './github.js';
import { pinnedSpecgate } from './pinned.js';
import { readToolchain } from './github-stacks.js';

export const DEFAULT_WORKFLOW_PATH = '.github/workflows/specgate.yml';

export interface ExportGithubWorkflowOptions {
  readonly fs: FileSystem;
  readonly projectRoot: string;
  /** Evidence folder from the config, relative to the project root. */
  readonly reportsDir: string;
  /** Folder relative paths in `out` are resolved against (the user's cwd). */
  readonly cwd: string;
  /** Target file; default .github/workflows/specgate.yml at the repository root; '-' writes nothing. */
  readonly out?: string;
  readonly version: string;
  /** `--specgate`: the pinned copy the jobs install (default: exactly `version`). */
  readonly specgate?: string;
  /** Finds the repository's top level (GitHub reads workflows only from there). */
  readonly git: Git;
}

export interface ExportedWorkflow {
  /** Absolute path written, or undefined for '-'. */
  readonly path?: string;
  readonly content: string;
  readonly sha256: string;
  readonly projectDir: string;
  readonly jobs: readonly { readonly id: string; readonly name: string; readonly stages: readonly string[]; readonly needs: readonly string[] }[];
}

async function repositoryTop(git: Git, projectRoot: string): Promise<string | undefined> {
  try {
    return await git.topLevel(projectRoot);
  } catch (error) {
    if (isSpecgateError(error) && error.code === 'GIT_NOT_A_REPO') return undefined;
    throw error;
  }
}

export async function exportGithubWorkflow(options: ExportGithubWorkflowOptions): Promise<ExportedWorkflow> {
  const { git } = options;
  const root = await options.fs.realpath(options.projectRoot);
  const top = (await repositoryTop(git, root)) ?? root;
  const projectDir = path.relative(top, root).split(path.sep).join('/') || '.';
  const reportsRel = path.relative(root, path.resolve(root, options.reportsDir));
  if (reportsRel === '' || reportsRel.startsWith('..') || path.isAbsolute(reportsRel)) {
    throw new UsageError('INPUT_INVALID', `reports folder '${options.reportsDir}' is not inside the project ${root}`, {
      path: 'specgate.yaml',
      hint: 'CI uploads the evidence folder as an artifact: set `reports:` to a folder inside the project (default: reports)',
    });
  }
  const groups: readonly StageGroup[] = DEFAULT_STAGE_GROUPS;
  const specgate = pinnedSpecgate(options.specgate, options.version);
  const toolchain = await readToolchain(options.fs, root);
  const content = renderGithubWorkflow({ projectDir, reportsDir: reportsRel.split(path.sep).join('/'), version: options.version, groups, specgate, toolchain });
  const jobs = groups.map((g, i) => ({ id: g.id, name: g.name, stages: g.stages, needs: groups.slice(0, i).map((p) => p.id) }));
  const result = { content, sha256: sha256Hex(content), projectDir, jobs };
  if (options.out === '-') return result;

  const target = options.out === undefined ? path.join(top, DEFAULT_WORKFLOW_PATH) : path.resolve(options.cwd, options.out);
  const rel = path.relative(top, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UsageError('PATH_OUTSIDE_ROOT', `--out ${options.out ?? ''} is outside the repository ${top}`, {
      path: options.out,
      hint: `write it inside the repository, normally ${DEFAULT_WORKFLOW_PATH} at its root (or use --out - to print it)`,
    });
  }
  if ((await options.fs.stat(target))?.kind === 'directory') {
    throw new UsageError('INVALID_ARGUMENT', `--out ${target} is a folder`, { path: target, hint: 'name the workflow file, e.g. .github/workflows/specgate.yml' });
  }
  await options.fs.mkdirp(path.dirname(target));
  await options.fs.writeAtomic(target, content);
  return { ...result, path: target };
}
