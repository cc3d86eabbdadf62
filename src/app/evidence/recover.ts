// Closes runs whose process died without finishing (SIGKILL, power loss, OOM): the next run that
// sees one marks it `interrupted` in its manifest, removes the temp files its writer left, and
// records an `interrupted` checkpoint. A run whose process is alive is left alone.
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { finishedManifest, type Manifest, type RunProcess } from '../../core/evidence/manifest.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import { isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { AUDIT_DIR, EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export interface RecoveredRun {
  readonly featureSha: string;
  readonly runId: string;
  readonly runDir: string;
  /** Temp files of the killed writer that were removed, relative to the run folder. */
  readonly removedTempFiles: readonly string[];
}

function sameProcess(a: RunProcess, b: RunProcess): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.startTime === b.startTime;
}

async function deadMarkers(owners: EvidencePorts['owners'], reportsDir: string): Promise<{ file: string; initial: Manifest }[]> {
  const dead: { file: string; initial: Manifest }[] = [];
  for (const { file, manifest: initial } of await owners.listMarkers(reportsDir)) {
    // A marker we cannot interpret is left for a human (it is outside any run folder).
    if (initial === undefined || !isFeatureSha(initial.featureSha) || !isRunId(initial.runId)) continue;
    if (!owners.isAlive(initial.process)) dead.push({ file, initial });
  }
  return dead;
}

export async function recoverInterruptedRuns(ports: EvidencePorts, reportsDir: string, clock: Clock): Promise<RecoveredRun[]> {
  if ((await deadMarkers(ports.owners, reportsDir)).length === 0) return [];
  // Two runs starting together must not both close the same run: re-check under a lock.
  return ports.locks.withLock(path.join(reportsDir, AUDIT_DIR, '.locks', 'recover.lock'), () => recoverLocked(ports, reportsDir, clock));
}

async function recoverLocked(ports: EvidencePorts, reportsDir: string, clock: Clock): Promise<RecoveredRun[]> {
  const { runs, owners } = ports;
  const recovered: RecoveredRun[] = [];
  for (const { file, initial } of await deadMarkers(owners, reportsDir)) {
    const runDir = path.join(reportsDir, initial.featureSha, initial.runId);
    let manifest: Manifest | undefined;
    try {
      manifest = await runs.readManifest(runDir);
    } catch {
      manifest = undefined;
    }
    // The claimer died before its folder was renamed into place, or the id went to another run.
    if (manifest === undefined || !sameProcess(manifest.process, initial.process)) {
      await owners.dropMarker(file);
      continue;
    }
    const removedTempFiles = await owners.removeTempFiles(runDir);
    if (manifest.status === 'running') {
      const now = clock.now();
      await runs.writeManifest(runDir, finishedManifest(manifest, 'interrupted', now.toISOString()));
      await ports.ledger.append(reportsDir, [{ time: now, runId: manifest.runId, featureSha: manifest.featureSha, stage: 'run', status: 'interrupted', artifact: EVIDENCE_FILE.manifest }]);
      recovered.push({ featureSha: manifest.featureSha, runId: manifest.runId, runDir, removedTempFiles });
    }
    await owners.dropMarker(file);
  }
  return recovered;
}
