// `specgate archive`: plan (pure, src/core/evidence/archive-plan.ts), then apply: each run folder
// is renamed into reports/archive/YYYYMMDD/<sha>/<run-id>/ and the move is recorded as an
// `archive | success` checkpoint. Re-running is a no-op: a run already in the archive is skipped.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { planArchive, type ArchiveMove, type ArchivePlan } from '../../core/evidence/archive-plan.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { isFeatureSha } from '../../core/evidence/run-id.js';
import { appendCheckpoint } from '../../adapters/evidence/ledger-file.js';
import { mapFsError } from '../../adapters/evidence/reports-dir.js';
import { readManifest } from '../../adapters/evidence/run-store.js';
import { featureRuns } from './runs.js';
import { nodeRunStore } from '../../adapters/evidence/node-evidence.js';
import { recoverInterruptedRuns } from './recover.js';

export interface ArchiveOptions {
  readonly keep: number;
  readonly olderThanDays?: number;
  readonly clock: Clock;
}

/** Reads the reports folder and computes what would move. Touches nothing. */
export async function planReportsArchive(reportsDir: string, options: ArchiveOptions): Promise<ArchivePlan> {
  let names: string[];
  try {
    names = await fsp.readdir(reportsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { moves: [], held: [] };
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new EvidenceError('REPORTS_NOT_DIRECTORY', 'reports path is not a folder', { path: reportsDir, hint: 'set `reports:` in specgate.yaml to a folder' });
    }
    throw mapFsError(error, reportsDir, 'read the reports folder');
  }
  const candidates = [];
  for (const featureSha of names.filter(isFeatureSha).sort()) {
    const { runIds, latest } = await featureRuns({ runs: nodeRunStore }, reportsDir, featureSha);
    for (const runId of runIds) {
      const manifest = await readManifest(path.join(reportsDir, featureSha, runId)).catch((error: unknown) => {
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
export async function applyArchivePlan(reportsDir: string, plan: ArchivePlan, clock: Clock): Promise<ArchiveResult> {
  const moved: ArchiveMove[] = [];
  for (const move of plan.moves) {
    const from = path.join(reportsDir, ...move.from.split('/'));
    const to = path.join(reportsDir, ...move.to.split('/'));
    const existing = await fsp.lstat(to).catch(() => undefined);
    if (existing !== undefined) {
      throw new EvidenceError('ARCHIVE_CONFLICT', `cannot archive ${move.from}: ${move.to} already exists`, {
        path: to,
        hint: 'two copies of one run: compare them and remove the duplicate by hand',
      });
    }
    try {
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await fsp.rename(from, to);
    } catch (error) {
      throw mapFsError(error, from, `move ${move.from} to ${move.to}`);
    }
    await appendCheckpoint(reportsDir, { time: clock.now(), runId: move.runId, featureSha: move.featureSha, stage: 'archive', status: 'success', artifact: move.to });
    moved.push(move);
  }
  return { plan, moved };
}

/** Plan then apply (or only plan, for --dry-run). Closes interrupted runs first so they can rotate. */
export async function archiveRuns(reportsDir: string, options: ArchiveOptions & { readonly dryRun?: boolean }): Promise<ArchiveResult> {
  if (!options.dryRun) await recoverInterruptedRuns(reportsDir, options.clock);
  const plan = await planReportsArchive(reportsDir, options);
  if (options.dryRun) return { plan, moved: [] };
  return applyArchivePlan(reportsDir, plan, options.clock);
}
