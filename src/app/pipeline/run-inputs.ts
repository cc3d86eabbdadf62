// What a run reads about its project before the stages start: the spec snapshot (preflight's
// rules, once per run), the git state recorded in the manifest, and the reports folder.
import * as path from 'node:path';
import type { Git } from '../../core/branch/ports.js';
import type { FileSystem, ProcessRunner } from '../../core/ports.js';
import { buildResourceEstimates } from '../../core/spec/estimates.js';
import { formatFinding } from '../../core/spec/findings.js';
import type { Project } from '../project.js';
import { validateSpecs } from '../spec/validate.js';
import type { SpecSnapshot } from './stage.js';

/** The reports folder of a project (config `reports`, relative to the root). */
export function reportsDirOf(project: Project): string {
  return path.resolve(project.root, project.config.reports);
}

export async function snapshotSpecs(fs: FileSystem, project: Project, toolVersion: string, signal: AbortSignal): Promise<SpecSnapshot> {
  const { report, model } = await validateSpecs({ fs, root: project.root, paths: project.config.features, mode: project.mode, toolVersion, signal });
  return {
    featureSha: report.featureSha,
    files: report.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    validationReport: report as unknown as Record<string, unknown>,
    resourceEstimates: buildResourceEstimates(model) as unknown as Record<string, unknown>,
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    findingLines: report.findings.map((f) => formatFinding(f)),
  };
}

/** Commit, branch and dirty flag of the project's repository; undefined outside one. */
export async function gitState(git: Git, processes: ProcessRunner, root: string): Promise<{ commit: string | null; dirty: boolean; branch: string | null } | undefined> {
  let top: string;
  try {
    top = await git.topLevel(root);
  } catch {
    return undefined; // not a repository: the manifest says so with null fields
  }
  const commit = (await git.resolveCommit(top, 'HEAD')) ?? null;
  const branch = (await git.currentBranch(top)) ?? null;
  const status = await processes.run({ command: 'git', args: ['status', '--porcelain', '--untracked-files=normal'], cwd: root });
  return { commit, dirty: status.exitCode !== 0 || status.stdout.trim().length > 0, branch };
}
