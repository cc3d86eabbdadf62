// Run ids (docs/contracts.md §2): UTC `YYYYMMDDHHMMSS` of the run's start, then `-2`, `-3`, … when a run
// started in the same second already holds the folder. Pure: the claiming itself is an atomic
// mkdir in the run store.
import { EvidenceError } from './errors.js';

const RUN_ID = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:-([1-9]\d{0,5}))?$/;
const FEATURE_SHA = /^[0-9a-f]{12}$/;

export function isRunId(text: string): boolean {
  const m = RUN_ID.exec(text);
  return m !== null && m[7] !== '1';
}

export function isFeatureSha(text: string): boolean {
  return FEATURE_SHA.test(text);
}

export function assertFeatureSha(text: string): void {
  if (!isFeatureSha(text)) {
    throw new EvidenceError('FEATURE_SHA_INVALID', `'${text}' is not a feature SHA`, {
      hint: 'a feature SHA is 12 lowercase hex characters, as printed by `specgate id`',
    });
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The base run id for a start time: its UTC seconds. */
export function baseRunId(startedAt: Date): string {
  return (
    pad(startedAt.getUTCFullYear(), 4) +
    pad(startedAt.getUTCMonth() + 1) +
    pad(startedAt.getUTCDate()) +
    pad(startedAt.getUTCHours()) +
    pad(startedAt.getUTCMinutes()) +
    pad(startedAt.getUTCSeconds())
  );
}

/** The n-th candidate for a start second: n = 1 is the bare id, then `-2`, `-3`, …. */
export function runIdCandidate(base: string, n: number): string {
  return n <= 1 ? base : `${base}-${n}`;
}

/** Parses a run id into its start time and sequence number, or undefined when it is not one. */
export function parseRunId(text: string): { startedAt: Date; sequence: number } | undefined {
  const m = RUN_ID.exec(text);
  if (m === null || m[7] === '1') return undefined;
  const [, y, mo, d, h, mi, s, seq] = m;
  const startedAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (baseRunId(startedAt) !== text.slice(0, 14)) return undefined; // e.g. month 13
  return { startedAt, sequence: seq === undefined ? 1 : Number(seq) };
}

/** Orders run ids by start second, then sequence (`…40` < `…40-2` < `…40-10`). */
export function compareRunIds(a: string, b: string): number {
  // Code-unit order, not localeCompare: the same order for digits, and ICU collation cost most
  // of sorting 10,000 runs.
  const baseA = a.slice(0, 14);
  const baseB = b.slice(0, 14);
  if (baseA !== baseB) return baseA < baseB ? -1 : 1;
  if (a === b) return 0;
  return (parseRunId(a)?.sequence ?? 0) - (parseRunId(b)?.sequence ?? 0);
}
