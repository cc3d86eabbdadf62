// `specgate runs`: every run under reports/, newest first, with mode, status, duration and which
// one `latest` points to. A run's facts come from the feature's runs index while its manifest is
// unchanged since it was indexed (adapters/evidence/runs-index.ts); every other manifest is read
// and checked, and a damaged one is an error naming it. The run store comes in as a port.
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { runDurationMs, type Manifest } from '../../core/evidence/manifest.js';
import type { EvidencePorts, RunOwners, RunStore } from '../../core/evidence/ports.js';
import { compareRunIds, isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { RUN_STATUSES, type RunStatus } from '../../core/evidence/vocabulary.js';

/** The run store's reads behind a listing. */
type RunFolderReads = Pick<RunStore, 'listFolder' | 'readLatest'>;

/**
 * What listing runs reads: the run store's reads, and whether a running run's process still lives.
 * Only these, so `specgate runs` loads no ledger, lock or writer code (src/cli/compose-run-listing.ts).
 */
export interface RunListingPorts {
  readonly runs: RunFolderReads & Pick<RunStore, 'indexedFacts' | 'readManifestSync'>;
  readonly owners: Pick<RunOwners, 'isAlive'>;
}

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

/** Runs in one feature folder, and what its `latest` points to. */
export async function featureRuns(ports: { readonly runs: RunFolderReads }, reportsDir: string, featureSha: string): Promise<{ runIds: string[]; latest: string | undefined }> {
  const names = await ports.runs.listFolder(path.join(reportsDir, featureSha));
  return { runIds: names.filter(isRunId).sort(compareRunIds), latest: await ports.runs.readLatest(reportsDir, featureSha) };
}

/** featureRuns, but a `latest` pointing outside the feature is reported to `onWarning` and ignored. */
export async function featureRunsTolerant(
  ports: { readonly runs: RunFolderReads },
  reportsDir: string,
  featureSha: string,
  onWarning: RunFilter['onWarning'],
): Promise<{ runIds: string[]; latest: string | undefined }> {
  try {
    return await featureRuns(ports, reportsDir, featureSha);
  } catch (error) {
    if (onWarning === undefined || !(error instanceof EvidenceError) || error.code !== 'LATEST_INVALID') throw error;
    onWarning(`${error.path ?? featureSha}: ${error.message}; listing its runs without a latest (${error.hint ?? 'remove the link'})`);
    const names = await ports.runs.listFolder(path.join(reportsDir, featureSha));
    return { runIds: names.filter(isRunId).sort(compareRunIds), latest: undefined };
  }
}

/** `process` is there when the facts come from the manifest itself, always for a run still running. */
type Facts = Pick<Manifest, 'mode' | 'status' | 'initiator' | 'startedAt' | 'endedAt'> & { readonly process?: Manifest['process']; readonly durationMs?: number | null };

function summary(owners: RunListingPorts['owners'], runDir: string, featureSha: string, runId: string, isLatest: boolean, m: Facts): RunSummary {
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
    orphaned: m.status === 'running' && m.process !== undefined && !owners.isAlive(m.process),
  };
}

export async function listRuns(ports: RunListingPorts, reportsDir: string, filter: RunFilter = {}): Promise<RunSummary[]> {
  if (filter.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(filter.status)) {
    throw new EvidenceError('MANIFEST_INVALID', `unknown run status '${String(filter.status)}'`, { hint: `use one of ${RUN_STATUSES.join(', ')}` });
  }
  const features = filter.featureSha !== undefined ? [filter.featureSha] : (await ports.runs.listFolder(reportsDir)).filter(isFeatureSha).sort();
  const summaries: RunSummary[] = [];
  for (const featureSha of features) {
    const { runIds, latest } = await featureRunsTolerant(ports, reportsDir, featureSha, filter.onWarning);
    const featureDir = path.join(reportsDir, featureSha);
    const indexed = ports.runs.indexedFacts(featureDir, runIds);
    runIds.forEach((runId, i) => {
      const runDir = `${featureDir}${path.sep}${runId}`;
      const m = indexed[i] ?? ports.runs.readManifestSync(runDir);
      // A folder without a manifest is not a run (yet): startRun renames folders into place whole.
      if (m !== undefined) summaries.push(summary(ports.owners, runDir, featureSha, runId, runId === latest, m));
    });
  }
  return summaries
    .filter((s) => filter.status === undefined || s.status === filter.status)
    .sort((a, b) => compareRunIds(b.runId, a.runId) || (a.featureSha < b.featureSha ? -1 : a.featureSha > b.featureSha ? 1 : 0));
}

/** Finds a run folder by id under any feature SHA (or the given one); RUN_NOT_FOUND otherwise. */
export async function findRunDir(ports: Pick<EvidencePorts, 'runs'>, reportsDir: string, runId: string, featureSha?: string): Promise<string> {
  if (!isRunId(runId)) {
    throw new EvidenceError('RUN_ID_INVALID', `'${runId}' is not a run id`, { hint: 'a run id is YYYYMMDDHHMMSS or YYYYMMDDHHMMSS-N, as `specgate runs` lists' });
  }
  const features = featureSha !== undefined ? [featureSha] : (await ports.runs.listFolder(reportsDir)).filter(isFeatureSha).sort();
  for (const sha of features) {
    const dir = path.join(reportsDir, sha, runId);
    if (await ports.runs.isFolder(dir)) return dir;
  }
  throw new EvidenceError('RUN_NOT_FOUND', `no run ${runId} under the reports folder`, { path: reportsDir, hint: 'list runs with `specgate runs` (archived runs are under archive/)' });
}
