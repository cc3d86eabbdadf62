// `specgate runs`: every run under reports/, newest first, with mode, status, duration and which
// one `latest` points to. Every manifest is read and checked; a damaged one is an error naming it.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { runDurationMs } from '../../core/evidence/manifest.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { readManifestSync } from '../../adapters/evidence/run-store.js';
import { readLatest } from '../../adapters/evidence/latest-link.js';
import { mapFsError } from '../../adapters/evidence/reports-dir.js';
import { isProcessAlive } from '../../adapters/evidence/process-identity.js';
import { RUN_STATUSES, type RunStatus } from '../../core/evidence/vocabulary.js';

export interface RunSummary {
  readonly featureSha: string;
  readonly runId: string;
  /** Absolute. */
  readonly runDir: string;
  readonly mode: 'sandbox' | 'compliance';
  readonly status: RunStatus;
  readonly initiator: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly isLatest: boolean;
  /** Status `running` but its process is gone: the next run will close it as interrupted. */
  readonly orphaned: boolean;
}

export interface RunFilter {
  readonly featureSha?: string;
  readonly status?: RunStatus;
  /**
   * Receives problems that spoil one feature's `latest` but not the listing: a `latest` symlink
   * pointing outside its feature folder (a hostile or damaged reports tree) is reported here and
   * that feature's runs are still listed, none marked latest. Without it such a link is an error.
   */
  readonly onWarning?: (message: string) => void;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') {
      throw new EvidenceError('REPORTS_NOT_DIRECTORY', 'reports path is not a folder', {
        path: dir,
        hint: 'move the file out of the way or set `reports:` in specgate.yaml to a folder',
      });
    }
    throw mapFsError(error, dir, 'list runs');
  }
}

/** Runs in one feature folder, and what its `latest` points to. */
export async function featureRuns(reportsDir: string, featureSha: string): Promise<{ runIds: string[]; latest: string | undefined }> {
  const names = await listDir(path.join(reportsDir, featureSha));
  return { runIds: names.filter(isRunId).sort(compareRunIds), latest: await readLatest(reportsDir, featureSha) };
}

async function featureRunsTolerant(reportsDir: string, featureSha: string, onWarning: RunFilter['onWarning']): Promise<{ runIds: string[]; latest: string | undefined }> {
  try {
    return await featureRuns(reportsDir, featureSha);
  } catch (error) {
    if (onWarning === undefined || !(error instanceof EvidenceError) || error.code !== 'LATEST_INVALID') throw error;
    onWarning(`${error.path ?? featureSha}: ${error.message}; listing its runs without a latest (${error.hint ?? 'remove the link'})`);
    const names = await listDir(path.join(reportsDir, featureSha));
    return { runIds: names.filter(isRunId).sort(compareRunIds), latest: undefined };
  }
}

export async function listRuns(reportsDir: string, filter: RunFilter = {}): Promise<RunSummary[]> {
  if (filter.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(filter.status)) {
    throw new EvidenceError('MANIFEST_INVALID', `unknown run status '${String(filter.status)}'`, { hint: `use one of ${RUN_STATUSES.join(', ')}` });
  }
  const features = filter.featureSha !== undefined ? [filter.featureSha] : (await listDir(reportsDir)).filter(isFeatureSha).sort();
  const jobs: { featureSha: string; runId: string; isLatest: boolean }[] = [];
  for (const featureSha of features) {
    const { runIds, latest } = await featureRunsTolerant(reportsDir, featureSha, filter.onWarning);
    for (const runId of runIds) jobs.push({ featureSha, runId, isLatest: runId === latest });
  }
  const summaries = jobs.map(({ featureSha, runId, isLatest }): RunSummary | undefined => {
    const runDir = path.join(reportsDir, featureSha, runId);
    // A folder without a manifest is not a run (yet): startRun renames folders into place whole.
    const m = readManifestSync(runDir);
    if (m === undefined) return undefined;
    return {
      featureSha,
      runId,
      runDir,
      mode: m.mode,
      status: m.status,
      initiator: m.initiator,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      durationMs: runDurationMs(m) ?? null,
      isLatest,
      orphaned: m.status === 'running' && !isProcessAlive(m.process),
    };
  });
  return summaries
    .filter((s): s is RunSummary => s !== undefined && (filter.status === undefined || s.status === filter.status))
    .sort((a, b) => compareRunIds(b.runId, a.runId) || (a.featureSha < b.featureSha ? -1 : a.featureSha > b.featureSha ? 1 : 0));
}
