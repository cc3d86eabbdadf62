// The questions people ask the store, as indexed SQL: newest first with keyset pagination
// ((started_at, id) below the cursor), so page 1,000 costs what page 1 costs and nothing loads
// every run. Only the newest revision of a run is listed, and archived runs are hidden.
import { StoreError } from '../../core/store/errors.js';
import type { ArchivePolicy, RunQuery, StoredRunSummary } from '../../core/store/ports.js';

export interface RunRow {
  readonly id: string;
  readonly project: string;
  readonly feature_sha: string;
  readonly run_id: string;
  readonly revision: number;
  readonly mode: string;
  readonly status: string;
  readonly initiator: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
  readonly key_fingerprint: string | null;
  readonly environment: string | null;
  readonly serving: boolean;
  readonly pushed_at: Date;
  readonly bundle_digest?: string;
}

const COLUMNS = 'r.id, r.project, r.feature_sha, r.run_id, r.revision, r.mode, r.status, r.initiator, r.started_at, r.ended_at, r.key_fingerprint, r.environment, r.serving, r.pushed_at';

const CURRENT = `NOT EXISTS (SELECT 1 FROM runs n WHERE n.project = r.project AND n.feature_sha = r.feature_sha AND n.run_id = r.run_id AND n.revision > r.revision)
  AND NOT EXISTS (SELECT 1 FROM run_archive a WHERE a.run = r.id)`;

export function summaryOf(row: RunRow): StoredRunSummary {
  return {
    project: row.project,
    featureSha: row.feature_sha,
    runId: row.run_id,
    revision: row.revision,
    mode: row.mode,
    status: row.status,
    initiator: row.initiator,
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
    keyFingerprint: row.key_fingerprint,
    environment: row.environment,
    serving: row.serving,
    pushedAt: new Date(row.pushed_at).toISOString(),
  };
}

/** Decodes a page cursor; attacker-controlled when it comes from a URL, so checked strictly. */
export function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,18})$/.exec(text);
  if (m === null) throw new StoreError('STORE_URL_INVALID', `the page cursor '${cursor.slice(0, 40)}' is not one this store gave out`, { hint: 'start from the first page' });
  return { startedAt: m[1] as string, id: m[2] as string };
}

export function listRunsSql(query: RunQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [CURRENT];
  const add = (column: string, op: string, value: unknown): void => {
    params.push(value);
    where.push(`r.${column} ${op} $${params.length}`);
  };
  if (query.project !== undefined) add('project', '=', query.project);
  if (query.featureSha !== undefined) add('feature_sha', '=', query.featureSha);
  if (query.status !== undefined) add('status', '=', query.status);
  if (query.mode !== undefined) add('mode', '=', query.mode);
  if (query.from !== undefined) add('started_at', '>=', query.from);
  if (query.to !== undefined) add('started_at', '<', query.to);
  if (query.after !== undefined) {
    const { startedAt, id } = decodeCursor(query.after);
    params.push(startedAt, id);
    where.push(`(r.started_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(query.limit + 1);
  return { sql: `SELECT ${COLUMNS} FROM runs r WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.id DESC LIMIT $${params.length}`, params };
}

/** The runs a retention policy archives; inserts them into run_archive unless it is a dry run. */
export function archiveSql(policy: ArchivePolicy): { sql: string; params: unknown[] } {
  const params: unknown[] = [policy.keep, policy.olderThan ?? null, policy.project ?? null, `retention: keep ${policy.keep}${policy.olderThan === undefined ? '' : `, started before ${policy.olderThan}`}`];
  const chosen = `WITH ranked AS (
      SELECT r.id, r.project, r.feature_sha, r.run_id, r.started_at,
             row_number() OVER (PARTITION BY r.project, r.feature_sha ORDER BY r.started_at DESC, r.id DESC) AS n
      FROM runs r
      WHERE ${CURRENT} AND NOT r.serving AND r.status NOT IN ('running', 'paused', 'awaiting-approval')
        AND ($3::text IS NULL OR r.project = $3::text)
    ), chosen AS (
      SELECT * FROM ranked WHERE n > $1::int OR ($2::timestamptz IS NOT NULL AND n > 1 AND started_at < $2::timestamptz)
    )`;
  const sql = policy.dryRun
    ? `${chosen} SELECT project, feature_sha, run_id, $4::text AS reason FROM chosen ORDER BY project, feature_sha, started_at`
    : `${chosen}, inserted AS (INSERT INTO run_archive (run, reason) SELECT id, $4::text FROM chosen ON CONFLICT DO NOTHING RETURNING run)
       SELECT r.project, r.feature_sha, r.run_id FROM runs r JOIN inserted i ON i.run = r.id ORDER BY r.project, r.feature_sha, r.started_at`;
  return { sql, params };
}

export function servingSql(project?: string): { sql: string; params: unknown[] } {
  const params = project === undefined ? [] : [project];
  const filter = project === undefined ? '' : 'AND r.project = $1';
  return {
    sql: `SELECT DISTINCT ON (r.project, r.environment) ${COLUMNS} FROM runs r
          WHERE r.serving ${filter} AND ${CURRENT}
          ORDER BY r.project, r.environment, r.started_at DESC, r.id DESC`,
    params,
  };
}
