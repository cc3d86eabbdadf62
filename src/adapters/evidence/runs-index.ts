// `specgate runs` over 10,000 runs must not read and parse 10,000 manifests. Whenever a manifest
// is written with a status other than `running`, one line goes to `reports/<sha>/.runs-index.jsonl`:
// the facts a listing shows plus the manifest's stamp (inode, size, mtime, ctime). The listing
// takes a run's facts from its newest line only while that stamp is still the manifest's: a
// manifest is only ever replaced by an atomic rename (new inode) and ctime cannot be set from user
// space, so any later edit, even one that restores the mtime, falls back to reading and checking
// the manifest (a damaged one is still an error naming it). The index is a hint, never evidence:
// a torn or odd line is skipped, and failing to append it changes nothing but speed. `runs` itself
// never writes it, so listing stays read-only.
import { appendFileSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { runDurationMs, type Manifest } from '../../core/evidence/manifest.js';
import { EVIDENCE_FILE, RUN_STATUSES, type RunStatus } from '../../core/evidence/vocabulary.js';
import { readBoundedSync } from '../bounded-read.js';
import type { ManifestFacts } from '../../core/evidence/ports.js';

export const RUNS_INDEX_FILE = '.runs-index.jsonl';
/** ≈ 200 bytes a line: room for 300,000 manifest writes in one feature folder, and no more is read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export type { ManifestFacts } from '../../core/evidence/ports.js';

/** [runId, ino, size, mtimeMs, ctimeMs, mode, status, initiator, startedAt, endedAt, durationMs] */
type Line = [string, number, number, number, number, string, string, string, string, string | null, number | null];

const STATUSES = new Set<string>(RUN_STATUSES);

function statFile(file: string): Stats | undefined {
  try {
    const s = statSync(file, { throwIfNoEntry: false });
    return s?.isFile() ? s : undefined;
  } catch {
    return undefined; // ENOTDIR and the like: the manifest reader words it
  }
}

/**
 * Records a manifest just written to `file` (reports/<sha>/<run-id>/manifest.json). Best effort:
 * a full disk or a read-only folder only costs the next listing a read.
 */
export function indexManifest(file: string, m: Manifest): void {
  if (m.status === 'running') return; // whether its process lives is asked on every listing
  const s = statFile(file);
  if (s === undefined) return;
  const line: Line = [m.runId, s.ino, s.size, s.mtimeMs, s.ctimeMs, m.mode, m.status, m.initiator, m.startedAt, m.endedAt, runDurationMs(m) ?? null];
  try {
    // One short O_APPEND write: concurrent runs of one feature never interleave inside a line.
    appendFileSync(path.join(path.dirname(path.dirname(file)), RUNS_INDEX_FILE), `${JSON.stringify(line)}\n`);
  } catch {
    // The listing reads the manifest instead.
  }
}

/** The newest well-formed line per run id. */
function loadIndex(featureDir: string): Map<string, unknown[]> {
  const byRun = new Map<string, unknown[]>();
  let text: string;
  try {
    const read = readBoundedSync(path.join(featureDir, RUNS_INDEX_FILE), MAX_INDEX_BYTES);
    if (read.kind !== 'file') return byRun;
    text = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8');
  } catch {
    return byRun;
  }
  let lines: unknown[];
  try {
    // One parse for the whole file; a torn line (a writer that died mid-append) spoils only itself.
    lines = JSON.parse(`[${text.trimEnd().split('\n').join(',')}]`) as unknown[];
  } catch {
    lines = text.split('\n').map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return undefined;
      }
    });
  }
  for (const l of lines) if (Array.isArray(l) && l.length === 11 && typeof l[0] === 'string') byRun.set(l[0], l);
  return byRun;
}

/** The indexed facts when the line is well-formed and its stamp is the manifest's; else undefined. */
function hit(line: unknown[] | undefined, s: Stats | undefined): ManifestFacts | undefined {
  if (line === undefined || s === undefined) return undefined;
  const [, ino, size, mtimeMs, ctimeMs, mode, status, initiator, startedAt, endedAt, durationMs] = line;
  if (ino !== s.ino || size !== s.size || mtimeMs !== s.mtimeMs || ctimeMs !== s.ctimeMs) return undefined;
  if ((mode !== 'sandbox' && mode !== 'compliance') || typeof status !== 'string' || !STATUSES.has(status) || status === 'running') return undefined;
  if (typeof initiator !== 'string' || typeof startedAt !== 'string' || (endedAt !== null && typeof endedAt !== 'string')) return undefined;
  if (durationMs !== null && typeof durationMs !== 'number') return undefined;
  return { mode, status: status as RunStatus, initiator, startedAt, endedAt, durationMs };
}

/**
 * For each run of one feature folder, its listing facts from the index when its manifest is
 * unchanged since, else undefined: the caller reads the manifest.
 */
export function indexedFacts(featureDir: string, runIds: readonly string[]): (ManifestFacts | undefined)[] {
  const index = loadIndex(featureDir);
  if (index.size === 0) return runIds.map(() => undefined);
  // Plain concatenation: path.join's normalising cost a third of the listing at 10,000 runs.
  const prefix = `${featureDir}${path.sep}`;
  const suffix = `${path.sep}${EVIDENCE_FILE.manifest}`;
  return runIds.map((runId) => {
    const line = index.get(runId);
    return line === undefined ? undefined : hit(line, statFile(`${prefix}${runId}${suffix}`));
  });
}
