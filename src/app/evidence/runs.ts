// `specgate runs`: every run under reports/, newest first, with mode, status, duration and which
// one `latest` points to. A run's facts come from the feature's runs index while its manifest is
// unchanged since it was indexed (adapters/evidence/runs-index.ts); every other manifest is read
// and checked, and a damaged one is an error naming it.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { runDurationMs } from '../../core/evidence/manifest.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { readManifestSync } from '../../adapters/evidence/run-store.js';
import { readLatest } from '../../adapters/evidence/latest-link.js';
import { indexedFacts } from '../../adapters/evidence/runs-index.js';
import type { Manifest } from '../../core/evidence/manifest.js';
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

/** featureRuns, but a `latest` pointing outside the feature is reported to `onWarning` and ignored. */
export async function featureRunsTolerant(reportsDir: string, featureSha: string, onWarning: RunFilter['onWarning']): Promise<{ runIds: string[]; latest: string | undefined }> {
  try {
    return await featureRuns(reportsDir, featureSha);
  } catch (error) {
    if (onWarning === undefined || !(error instanceof EvidenceError) || error.code !== 'LATEST_INVALID') throw error;
    onWarning(`${error.path ?? featureSha}: ${error.message}; listing its runs without a latest (${error.hint ?? 'remove the link'})`);
    const names = await listDir(path.join(reportsDir, featureSha));
    return { runIds: names.filter(isRunId).sort(compareRunIds), latest: undefined };
  }
}

/** `process` is there when the facts come from the manifest itself, always for a run still running. */
type Facts = Pick<Manifest, 'mode' | 'status' | 'initiator' | 'startedAt' | 'endedAt'> & { readonly process?: Manifest['process']; readonly durationMs?: number | null };

function summary(runDir: string, featureSha: string, runId: string, isLatest: boolean, m: Facts): RunSummary {
  return {
    featureSha,
    runId,
    runDir,
    mode: m.mode,
    status: m.status,
    initiator: m.initiator,
    startedAt: m.startedAt,
    endedAt: m.endedAt,
    durationMs: m.durationMs !== undefined ? m.durationMs : (runDurationMs(m) ?? null),
    isLatest,
    orphaned: m.status === 'running' && m.process !== undefined && !isProcessAlive(m.process),
  };
}

export async function listRuns(reportsDir: string, filter: RunFilter = {}): Promise<RunSummary[]> {
  if (filter.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(filter.status)) {
    throw new EvidenceError('MANIFEST_INVALID', `unknown run status '${String(filter.status)}'`, { hint: `use one of ${RUN_STATUSES.join(', ')}` });
  }
  const features = filter.featureSha !== undefined ? [filter.featureSha] : (await listDir(reportsDir)).filter(isFeatureSha).sort();
  const summaries: RunSummary[] = [];
  for (const featureSha of features) {
    const { runIds, latest } = await featureRunsTolerant(reportsDir, featureSha, filter.onWarning);
    const featureDir = path.join(reportsDir, featureSha);
    const indexed = indexedFacts(featureDir, runIds);
    runIds.forEach((runId, i) => {
      const runDir = `${featureDir}${path.sep}${runId}`;
      const m = indexed[i] ?? readManifestSync(runDir);
      // A folder without a manifest is not a run (yet): startRun renames folders into place whole.
      if (m !== undefined) summaries.push(summary(runDir, featureSha, runId, runId === latest, m));
    });
  }
  return summaries
    .filter((s) => filter.status === undefined || s.status === filter.status)
    .sort((a, b) => compareRunIds(b.runId, a.runId) || (a.featureSha < b.featureSha ? -1 : a.featureSha > b.featureSha ? 1 : 0));
}
