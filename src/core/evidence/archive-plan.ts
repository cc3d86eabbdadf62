// Archive rotation, planned purely: which runs move from reports/<sha>/<run-id>/ to
// reports/archive/YYYYMMDD/<sha>/<run-id>/ (the run's start date). The run `latest` points to and
// runs still in progress never move. Applying the plan is src/app/evidence/archive.ts.
import { compareRunIds, parseRunId } from './run-id.js';

export interface ArchiveCandidate {
  readonly featureSha: string;
  readonly runId: string;
  readonly running: boolean;
  readonly isLatest: boolean;
}

export interface ArchivePolicy {
  /** Runs kept per feature SHA, newest first (the latest is kept on top of these if older). */
  readonly keep: number;
  /** Also archive runs that started more than this many days before `now`. */
  readonly olderThanDays?: number;
  readonly now: Date;
}

export interface ArchiveMove {
  readonly featureSha: string;
  readonly runId: string;
  /** Relative to the reports folder, POSIX. */
  readonly from: string;
  readonly to: string;
  readonly reason: 'keep' | 'age';
}

export interface ArchivePlan {
  readonly moves: readonly ArchiveMove[];
  /** Runs left in place that the policy would have moved, and why. */
  readonly held: readonly { readonly featureSha: string; readonly runId: string; readonly why: 'latest' | 'running' }[];
}

const DAY_MS = 86_400_000;

/** `archive/YYYYMMDD/<sha>/<run-id>` for a run id (its start date, UTC). */
export function archivePath(featureSha: string, runId: string): string {
  return `archive/${runId.slice(0, 8)}/${featureSha}/${runId}`;
}

export function planArchive(runs: readonly ArchiveCandidate[], policy: ArchivePolicy): ArchivePlan {
  const byFeature = new Map<string, ArchiveCandidate[]>();
  for (const run of runs) {
    const list = byFeature.get(run.featureSha) ?? [];
    list.push(run);
    byFeature.set(run.featureSha, list);
  }
  const moves: ArchiveMove[] = [];
  const held: { featureSha: string; runId: string; why: 'latest' | 'running' }[] = [];
  const cutoff = policy.olderThanDays === undefined ? undefined : policy.now.getTime() - policy.olderThanDays * DAY_MS;
  for (const [featureSha, list] of [...byFeature.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newestFirst = [...list].sort((a, b) => compareRunIds(b.runId, a.runId));
    newestFirst.forEach((run, index) => {
      const started = parseRunId(run.runId)?.startedAt.getTime();
      const reason = index >= policy.keep ? 'keep' : cutoff !== undefined && started !== undefined && started < cutoff ? 'age' : undefined;
      if (reason === undefined) return;
      if (run.isLatest || run.running) {
        held.push({ featureSha, runId: run.runId, why: run.isLatest ? 'latest' : 'running' });
        return;
      }
      moves.push({ featureSha, runId: run.runId, from: `${featureSha}/${run.runId}`, to: archivePath(featureSha, run.runId), reason });
    });
  }
  moves.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { moves, held };
}
