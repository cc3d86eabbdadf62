// The run folder's files as the run recorder writes and reads them: artifacts written atomically
// with their digest, read back by name, and a finished stage in the manifest's shape.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { ArtifactRecord, StageRecord } from '../../core/evidence/manifest.js';
import type { RunFolders } from '../../core/evidence/ports.js';
import type { LedgerStage, StageStatus } from '../../core/evidence/vocabulary.js';

export interface StageEntry {
  readonly name: LedgerStage;
  readonly status: StageStatus;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly summary?: string;
  /** The main evidence file: the ledger's artifact column. */
  readonly artifact?: string;
  /** Every artifact the stage wrote (defaults to the ones written since recordStageStart). */
  readonly artifacts?: readonly string[];
  readonly gates?: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
}

/** Writes `name` under the run folder atomically and returns its manifest record. */
export async function writeRunFile(runs: RunFolders, runDir: string, name: string, content: string | Uint8Array, mediaType: string): Promise<ArtifactRecord> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await runs.writeRunFile(runDir, name, bytes);
  return { path: name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, mediaType };
}

export function stageRecordOf(entry: StageEntry, artifacts: readonly string[]): StageRecord {
  return {
    name: entry.name,
    status: entry.status,
    startedAt: entry.startedAt.toISOString(),
    endedAt: entry.endedAt.toISOString(),
    ...(entry.summary === undefined ? {} : { summary: entry.summary }),
    ...(entry.artifact === undefined ? {} : { artifact: entry.artifact }),
    ...(entry.gates === undefined ? {} : { gates: entry.gates.map((g) => ({ gate: g.gate, outcome: g.outcome, reason: g.reason })) }),
    artifacts: [...artifacts],
  };
}

export function alreadyFinished(runDir: string, message: string, file: string, hint: string): EvidenceError {
  return new EvidenceError('RUN_ALREADY_FINISHED', message, { path: path.join(runDir, ...file.split('/')), hint });
}
