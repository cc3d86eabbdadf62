// Newest-first pages over runs held in memory (the file store), with the same filters and the same
// keyset semantics as the PostgreSQL queries: the cursor is the last row's (startedAt, identity).
import { StoreError } from './errors.js';
import type { ArchivePolicy, RunPage, RunQuery, RunRef, StoredRunSummary } from './ports.js';

const identity = (r: StoredRunSummary): string => `${r.project}/${r.featureSha}/${r.runId}`;

/** Newest first; ties broken by identity so the order (and so the cursor) is total. */
function compare(a: StoredRunSummary, b: StoredRunSummary): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  const x = identity(a);
  const y = identity(b);
  return x < y ? 1 : x > y ? -1 : 0;
}

function decode(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new StoreError('STORE_URL_INVALID', `the page cursor '${cursor.slice(0, 40)}' is not one this store gave out`, { hint: 'start from the first page' });
}

export function matchesQuery(r: StoredRunSummary, q: RunQuery): boolean {
  return (
    (q.project === undefined || r.project === q.project) &&
    (q.featureSha === undefined || r.featureSha === q.featureSha) &&
    (q.status === undefined || r.status === q.status) &&
    (q.mode === undefined || r.mode === q.mode) &&
    (q.from === undefined || r.startedAt >= new Date(q.from).toISOString()) &&
    (q.to === undefined || r.startedAt < new Date(q.to).toISOString())
  );
}

export function pageOf(runs: readonly StoredRunSummary[], query: RunQuery): RunPage {
  let rows = runs.filter((r) => matchesQuery(r, query)).sort(compare);
  if (query.after !== undefined) {
    const [startedAt, id] = decode(query.after);
    rows = rows.filter((r) => r.startedAt < startedAt || (r.startedAt === startedAt && identity(r) < id));
  }
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  if (rows.length <= query.limit || last === undefined) return { runs: page };
  return { runs: page, next: Buffer.from(JSON.stringify([last.startedAt, identity(last)])).toString('base64url') };
}

const UNARCHIVABLE = new Set(['running', 'paused', 'awaiting-approval']);

/** The runs a retention policy archives, by the same rule as the PostgreSQL store's SQL. */
export function planStoreArchive(runs: readonly StoredRunSummary[], policy: ArchivePolicy): RunRef[] {
  const seen = new Map<string, number>();
  const out: RunRef[] = [];
  for (const r of [...runs].sort(compare)) {
    if (r.serving || UNARCHIVABLE.has(r.status) || (policy.project !== undefined && r.project !== policy.project)) continue;
    const key = `${r.project}/${r.featureSha}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > policy.keep || (policy.olderThan !== undefined && n > 1 && r.startedAt < new Date(policy.olderThan).toISOString())) out.push({ project: r.project, featureSha: r.featureSha, runId: r.runId });
  }
  return out;
}
