// Finds runs under reports/: the run a user names (`latest`, a run id, optionally a feature SHA)
// and a feature's recent runs for the trend. Reads directory names only, never trusts them blindly.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { ReportError } from '../../core/report/errors.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';

export interface RunRef {
  readonly featureSha: string;
  readonly runId: string;
  readonly runDir: string;
}

export async function listFeatures(fs: FileSystem, reportsDir: string): Promise<string[]> {
  if ((await fs.stat(reportsDir))?.kind !== 'directory') return [];
  return (await fs.readdir(reportsDir)).filter((n) => isFeatureSha(n));
}

/** Run ids of one feature, newest first. */
export async function listRunIds(fs: FileSystem, reportsDir: string, featureSha: string): Promise<string[]> {
  const dir = path.join(reportsDir, featureSha);
  if ((await fs.lstat(dir))?.kind !== 'directory') return [];
  return (await fs.readdir(dir)).filter((n) => isRunId(n)).sort((a, b) => compareRunIds(b, a));
}

async function latestOf(fs: FileSystem, reportsDir: string, featureSha: string): Promise<string | undefined> {
  const link = path.join(reportsDir, featureSha, 'latest');
  if ((await fs.lstat(link))?.kind !== 'symlink') return undefined;
  const target = await fs.readlink(link);
  // `latest` is a relative link to a sibling run; anything else is not ours to follow.
  return isRunId(target) ? target : undefined;
}

/** A rotated run: `archive/YYYYMMDD/<feature-sha>/<run-id>/`, the date being the run's start (docs/contracts.md §3). */
async function archivedRun(fs: FileSystem, reportsDir: string, runId: string, featureSha?: string): Promise<RunRef[]> {
  const day = path.join(reportsDir, 'archive', runId.slice(0, 8));
  if ((await fs.lstat(day))?.kind !== 'directory') return [];
  const shas = featureSha === undefined ? (await fs.readdir(day)).filter((n) => isFeatureSha(n)) : [featureSha];
  const out: RunRef[] = [];
  for (const sha of shas) {
    const runDir = path.join(day, sha, runId);
    if ((await fs.lstat(runDir))?.kind === 'directory') out.push({ featureSha: sha, runId, runDir });
  }
  return out;
}

/** Resolves `RUN|latest` (and an optional feature SHA) to one run directory. */
export async function resolveRun(fs: FileSystem, reportsDir: string, run: string, featureSha?: string): Promise<RunRef> {
  if ((await fs.stat(reportsDir))?.kind !== 'directory') {
    throw new ReportError('REPORTS_NOT_FOUND', `no evidence folder at ${reportsDir}`, { path: reportsDir, hint: 'run `specgate run` first, or pass --reports DIR' });
  }
  if (featureSha !== undefined && !isFeatureSha(featureSha)) {
    throw new ReportError('RUN_ID_INVALID', `"${featureSha}" is not a feature SHA`, { hint: 'a feature SHA is 12 lowercase hex characters (`specgate id`)' });
  }
  if (run !== 'latest' && !isRunId(run)) {
    throw new ReportError('RUN_ID_INVALID', `"${run}" is not a run id`, { hint: 'a run id is UTC YYYYMMDDHHMMSS (optionally -N), or use `latest`; list runs with `specgate runs`' });
  }
  const features = featureSha === undefined ? await listFeatures(fs, reportsDir) : [featureSha];
  const found: RunRef[] = [];
  for (const sha of features) {
    if (run === 'latest') {
      const id = await latestOf(fs, reportsDir, sha);
      if (id !== undefined) found.push({ featureSha: sha, runId: id, runDir: path.join(reportsDir, sha, id) });
    } else if ((await fs.lstat(path.join(reportsDir, sha, run)))?.kind === 'directory') {
      found.push({ featureSha: sha, runId: run, runDir: path.join(reportsDir, sha, run) });
    }
  }
  if (found.length === 0 && run !== 'latest') found.push(...(await archivedRun(fs, reportsDir, run, featureSha)));
  if (found.length === 0) {
    throw new ReportError('RUN_NOT_FOUND', run === 'latest' ? `no finished run (no latest link) under ${reportsDir}${featureSha ? ` for feature ${featureSha}` : ''}` : `run ${run} not found under ${reportsDir}`, {
      path: reportsDir,
      hint: 'list runs with `specgate runs`; pass --feature SHA if several features exist',
    });
  }
  if (found.length > 1) {
    if (run === 'latest') return found.sort((a, b) => compareRunIds(b.runId, a.runId))[0] as RunRef;
    throw new ReportError('RUN_AMBIGUOUS', `run ${run} exists for several features: ${found.map((f) => f.featureSha).join(', ')}`, { hint: 'pass --feature SHA' });
  }
  return found[0] as RunRef;
}
