// manifest.json: the run record (docs/contracts.md §3). Pure constructors and a defensive reader; the
// recorder in src/app/evidence writes it atomically after every change, so the manifest on disk
// only ever lists files that are already complete.
import { EvidenceError } from './errors.js';
import { assertFeatureSha, isRunId } from './run-id.js';
import { RUN_STATUSES, type FinalRunStatus, type LedgerStatus, type RunStatus, type StageStatus } from './vocabulary.js';
import type { LedgerAnchor, LedgerAnchors } from './anchors.js';

export const MANIFEST_SCHEMA_VERSION = 1;
export interface ArtifactRecord {
  /** POSIX path relative to the run directory. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
}

export interface StageRecord {
  readonly name: string;
  readonly status: StageStatus;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly summary?: string;
  /** The stage's main evidence file (the ledger's artifact column), if any. */
  readonly artifact?: string;
  /** Gate decisions the stage made, in order. */
  readonly gates?: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
  /** Artifacts this stage wrote, relative to the run directory, sorted. */
  readonly artifacts: readonly string[];
}

/** Who ran the run: lets the next run tell a crashed run from a live one. */
export interface RunProcess {
  readonly pid: number;
  readonly hostname: string;
  /** Opaque process start identity (boot id + start ticks on Linux); guards against pid reuse. */
  readonly startTime: string;
}

export interface SigningInfo {
  readonly publicKeyFingerprint: string;
  readonly [key: string]: unknown;
}

export interface Manifest {
  readonly schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: 'sandbox' | 'compliance';
  readonly initiator: string;
  readonly git: { readonly commit: string | null; readonly dirty: boolean | null; readonly branch?: string | null };
  readonly toolVersion: string;
  /** The spec set the feature SHA was computed from (docs/contracts.md §2), sorted by path. */
  readonly specFiles?: readonly { readonly path: string; readonly sha256: string }[];
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: RunStatus;
  readonly process: RunProcess;
  readonly stages: readonly StageRecord[];
  readonly artifacts: readonly ArtifactRecord[];
  readonly approvals: readonly Readonly<Record<string, unknown>>[];
  readonly signing: SigningInfo | null;
  /** Where the ledger stood when the run opened and just before it was sealed (anchors.ts). */
  readonly ledger?: LedgerAnchors;
}

export type ManifestInit = Omit<Manifest, 'schemaVersion' | 'endedAt' | 'status' | 'stages' | 'artifacts' | 'approvals' | 'signing' | 'ledger'>;

export function initialManifest(init: ManifestInit): Manifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    runId: init.runId,
    featureSha: init.featureSha,
    mode: init.mode,
    initiator: init.initiator,
    git: init.git,
    toolVersion: init.toolVersion,
    ...(init.specFiles === undefined ? {} : { specFiles: [...init.specFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) }),
    startedAt: init.startedAt,
    endedAt: null,
    status: 'running',
    process: init.process,
    stages: [],
    artifacts: [],
    approvals: [],
    signing: null,
  };
}

/** Adds or replaces an artifact; the list stays sorted by path so the manifest is reproducible. */
export function withArtifact(m: Manifest, record: ArtifactRecord): Manifest {
  const artifacts = [...m.artifacts.filter((a) => a.path !== record.path), record].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...m, artifacts };
}

export function withStage(m: Manifest, stage: StageRecord): Manifest {
  const artifacts = [...stage.artifacts].sort();
  return { ...m, stages: [...m.stages.filter((s) => s.name !== stage.name), { ...stage, artifacts }] };
}

/** Records one of the run's ledger anchors; the opened anchor, once set, never moves. */
export function withLedgerAnchor(m: Manifest, which: keyof LedgerAnchors, anchor: LedgerAnchor): Manifest {
  if (which === 'opened' && m.ledger?.opened !== undefined) return m;
  return { ...m, ledger: { ...m.ledger, [which]: { line: anchor.line, chain: anchor.chain } } };
}

export function finishedManifest(m: Manifest, status: FinalRunStatus, endedAt: string): Manifest {
  return { ...m, status, endedAt };
}

/** A run paused (awaiting approval) or resumed keeps no end time: it has not finished. */
export function withStatus(m: Manifest, status: RunStatus, process?: RunProcess): Manifest {
  return { ...m, status, endedAt: null, ...(process === undefined ? {} : { process }) };
}

/** The ledger status that records a run's end. A run awaiting approval is blocked until approved. */
export function runEndLedgerStatus(status: FinalRunStatus): LedgerStatus {
  return status === 'awaiting-approval' ? 'blocked' : status;
}

/** Duration in ms, or undefined while the run has no end. */
export function runDurationMs(m: Pick<Manifest, 'startedAt' | 'endedAt'>): number | undefined {
  if (m.endedAt === null) return undefined;
  return Date.parse(m.endedAt) - Date.parse(m.startedAt);
}

// --- reading: the file may be hand-edited or damaged, so check every field we rely on ---

function fail(path: string, what: string): never {
  throw new EvidenceError('MANIFEST_INVALID', `${what}`, {
    path,
    hint: 'the run record is damaged; restore it from a backup or archive the run (specgate archive) — specgate never rewrites it for you',
  });
}

/** Parses manifest.json text; throws MANIFEST_INVALID naming the path (and line for bad JSON). */
export function parseManifest(text: string, path: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new EvidenceError('MANIFEST_INVALID', `manifest is not valid JSON (${message})`, {
      path,
      ...(line === undefined ? {} : { line }),
      hint: 'the run record is damaged; restore it from a backup or archive the run — specgate never rewrites it for you',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'manifest is not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.schemaVersion !== MANIFEST_SCHEMA_VERSION) fail(path, `manifest schemaVersion ${JSON.stringify(m.schemaVersion)} is not ${MANIFEST_SCHEMA_VERSION}`);
  if (typeof m.runId !== 'string' || !isRunId(m.runId)) fail(path, 'manifest runId is missing or not a run id');
  if (typeof m.featureSha !== 'string') fail(path, 'manifest featureSha is missing');
  try {
    assertFeatureSha(m.featureSha);
  } catch {
    fail(path, 'manifest featureSha is not a feature SHA');
  }
  if (m.mode !== 'sandbox' && m.mode !== 'compliance') fail(path, 'manifest mode must be sandbox or compliance');
  if (typeof m.status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(m.status)) fail(path, `manifest status ${JSON.stringify(m.status)} is unknown`);
  if (typeof m.startedAt !== 'string' || Number.isNaN(Date.parse(m.startedAt))) fail(path, 'manifest startedAt is not a time');
  if (m.endedAt !== null && (typeof m.endedAt !== 'string' || Number.isNaN(Date.parse(m.endedAt)))) fail(path, 'manifest endedAt is not a time or null');
  if (!Array.isArray(m.stages) || !Array.isArray(m.artifacts) || !Array.isArray(m.approvals)) fail(path, 'manifest stages/artifacts/approvals must be lists');
  if (typeof m.process !== 'object' || m.process === null) fail(path, 'manifest process is missing');
  return value as Manifest;
}

export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}
