// `specgate archive`: plan (pure, src/core/evidence/archive-plan.ts), then apply: each run folder
// is renamed into reports/archive/YYYYMMDD/<sha>/<run-id>/ and the move is recorded as an
// `archive | success` checkpoint. Re-running is a no-op: a run already in the archive is skipped.
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { planArchive, type ArchiveMove, type ArchivePlan } from '../../core/evidence/archive-plan.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import { isFeatureSha } from '../../core/evidence/run-id.js';
import { featureRuns } from './runs.js';
import { recoverInterruptedRuns } from './recover.js';

export interface ArchiveOptions {
  readonly keep: number;
  readonly olderThanDays?: number;
  readonly clock: Clock;
}

/** Reads the reports folder and computes what would move. Touches nothing. */
export async function planReportsArchive(ports: Pick<EvidencePorts, 'runs'>, reportsDir: string, options: ArchiveOptions): Promise<ArchivePlan> {
  // A missing reports folder lists empty: nothing to move.
  const names = await ports.runs.listFolder(reportsDir);
  const candidates = [];
  for (const featureSha of names.filter(isFeatureSha).sort()) {
    const { runIds, latest } = await featureRuns(ports, reportsDir, featureSha);
    for (const runId of runIds) {
      const manifest = await ports.runs.readManifest(path.join(reportsDir, featureSha, runId)).catch((error: unknown) => {
        if (error instanceof EvidenceError && error.code === 'RUN_NOT_FOUND') return undefined;
        throw error;
      });
      // No manifest yet: a run being claimed right now. Never move it.
      candidates.push({ featureSha, runId, isLatest: runId === latest, running: manifest === undefined || manifest.status === 'running' });
    }
  }
  return planArchive(candidates, { keep: options.keep, now: options.clock.now(), ...(options.olderThanDays === undefined ? {} : { olderThanDays: options.olderThanDays }) });
}

export interface ArchiveResult {
  readonly plan: ArchivePlan;
  readonly moved: readonly ArchiveMove[];
}

/** Applies a plan. Moves are renames within the reports folder, so each is atomic. */
export async function applyArchivePlan(ports: Pick<EvidencePorts, 'runs' | 'ledger'>, reportsDir: string, plan: ArchivePlan, clock: Clock): Promise<ArchiveResult> {
  const moved: ArchiveMove[] = [];
  for (const move of plan.moves) {
    const from = path.join(reportsDir, ...move.from.split('/'));
    const to = path.join(reportsDir, ...move.to.split('/'));
    await ports.runs.moveRun(from, to, move);
    await ports.ledger.append(reportsDir, [{ time: clock.now(), runId: move.runId, featureSha: move.featureSha, stage: 'archive', status: 'success', artifact: move.to }]);
    moved.push(move);
  }
  return { plan, moved };
}

/** Plan then apply (or only plan, for --dry-run). Closes interrupted runs first so they can rotate. */
export async function archiveRuns(ports: EvidencePorts, reportsDir: string, options: ArchiveOptions & { readonly dryRun?: boolean }): Promise<ArchiveResult> {
  if (!options.dryRun) await recoverInterruptedRuns(ports, reportsDir, options.clock);
  const plan = await planReportsArchive(ports, reportsDir, options);
  if (options.dryRun) return { plan, moved: [] };
  return applyArchivePlan(ports, reportsDir, plan, options.clock);
}
