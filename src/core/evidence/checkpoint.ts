// One ledger line per checkpoint (docs/contracts.md §4):
//   2025-09-24T14:04:40Z | 20250924140440 | 005cc0262265 | preflight | success | spec-validation-report.json | <chain>
// with chain = hex(SHA-256(prev_chain + "\n" + L)), L being the text before " | <chain>".
import { hash } from 'node:crypto';
import { EvidenceError } from './errors.js';
import { isFeatureSha, isRunId } from './run-id.js';
import { LEDGER_STAGES, LEDGER_STATUSES, type LedgerStage, type LedgerStatus } from './vocabulary.js';

/** The chain value before the first line. */
export const GENESIS_CHAIN = '0'.repeat(64);

export interface Checkpoint {
  readonly time: Date;
  readonly runId: string;
  readonly featureSha: string;
  readonly stage: LedgerStage;
  readonly status: LedgerStatus;
  /**
   * The main evidence file relative to the run directory, or `-`. For the housekeeping stages
   * `archive` and `ledger` it is relative to the reports folder.
   */
  readonly artifact: string;
}

/** A checkpoint as read back from the ledger. */
export interface LedgerEntry extends Checkpoint {
  /** 1-based line number in checkpoints.log. */
  readonly line: number;
  readonly chain: string;
}

// Artifact names are plain relative paths: no whitespace (it would be ambiguous in the column
// format) and no `|` (the column separator).
const ARTIFACT = /^[^\s|]+$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `2025-09-24T14:04:40Z`: ISO 8601 UTC, whole seconds, as in the original report. */
export function formatCheckpointTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/** Throws CHECKPOINT_INVALID naming the bad field; the ledger never holds a line it cannot parse. */
export function assertCheckpoint(cp: Checkpoint): void {
  const bad = (field: string, value: unknown, hint: string): never => {
    throw new EvidenceError('CHECKPOINT_INVALID', `checkpoint ${field} '${String(value)}' is not valid`, { hint });
  };
  if (!(cp.time instanceof Date) || Number.isNaN(cp.time.getTime())) bad('time', cp.time, 'pass a valid Date');
  if (!isRunId(cp.runId)) bad('run id', cp.runId, 'a run id is YYYYMMDDHHMMSS or YYYYMMDDHHMMSS-N');
  if (!isFeatureSha(cp.featureSha)) bad('feature SHA', cp.featureSha, 'a feature SHA is 12 lowercase hex characters');
  if (!(LEDGER_STAGES as readonly string[]).includes(cp.stage)) bad('stage', cp.stage, `use one of ${LEDGER_STAGES.join(' ')}`);
  if (!(LEDGER_STATUSES as readonly string[]).includes(cp.status)) bad('status', cp.status, `use one of ${LEDGER_STATUSES.join(' ')}`);
  if (!ARTIFACT.test(cp.artifact)) bad('artifact', cp.artifact, 'use a relative path without spaces or `|`, or `-`');
}

/** L: the line's text before ` | <chain>`. */
export function checkpointText(cp: Checkpoint): string {
  assertCheckpoint(cp);
  return [formatCheckpointTime(cp.time), cp.runId, cp.featureSha, cp.stage, cp.status, cp.artifact].join(' | ');
}

/** chain = hex(SHA-256(prev_chain + "\n" + L)). */
export function chainOf(prevChain: string, text: string): string {
  return hash('sha256', `${prevChain}\n${text}`, 'hex');
}

/** The full ledger line, without its trailing newline. */
export function ledgerLine(prevChain: string, cp: Checkpoint): { text: string; chain: string; line: string } {
  const text = checkpointText(cp);
  const chain = chainOf(prevChain, text);
  return { text, chain, line: `${text} | ${chain}` };
}

/**
 * One regular expression for a whole line: the verifier's fast path and the reader's parser. It
 * pins the stage and status vocabularies and a plausible UTC time, so the hot loop needs no Date.
 */
export const LEDGER_LINE = new RegExp(
  '^(\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\dZ)' +
    ' \\| (\\d{14}(?:-[1-9]\\d{0,5})?)' +
    ' \\| ([0-9a-f]{12})' +
    ` \\| (${LEDGER_STAGES.join('|')})` +
    ` \\| (${LEDGER_STATUSES.join('|')})` +
    ' \\| ([^\\s|]+)' +
    ' \\| ([0-9a-f]{64})$',
);

/** Parses a line (without newline); undefined when it is not a well-formed checkpoint line. */
export function parseLedgerLine(lineText: string, line: number): LedgerEntry | undefined {
  const m = LEDGER_LINE.exec(lineText);
  if (m === null) return undefined;
  const [, time, runId, featureSha, stage, status, artifact, chain] = m as unknown as [string, string, string, string, string, string, string, string];
  if (!TIME.test(time) || !(LEDGER_STAGES as readonly string[]).includes(stage) || !(LEDGER_STATUSES as readonly string[]).includes(status)) {
    return undefined;
  }
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime()) || formatCheckpointTime(parsed) !== time) return undefined;
  return { time: parsed, runId, featureSha, stage: stage as LedgerStage, status: status as LedgerStatus, artifact, chain, line };
}

export interface CheckpointFilter {
  readonly featureSha?: string;
  readonly runId?: string;
  readonly stage?: string;
}

export function matchesCheckpoint(entry: Checkpoint, filter: CheckpointFilter): boolean {
  return (
    (filter.featureSha === undefined || entry.featureSha === filter.featureSha) &&
    (filter.runId === undefined || entry.runId === filter.runId) &&
    (filter.stage === undefined || entry.stage === filter.stage)
  );
}
