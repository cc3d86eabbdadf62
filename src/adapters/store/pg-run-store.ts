// The run index and the organisation-wide ledger in PostgreSQL. A push is one transaction: the run
// row, its file list and its ledger lines appear together or not at all; a killed pusher or a
// dropped connection rolls back (nothing to clean up).
//
// Why an advisory lock and not SERIALIZABLE: every push appends after the same ledger head, so
// under SERIALIZABLE concurrent pushers would conflict on every commit and retry in a storm (work
// thrown away grows with the number of pushers). The chain is a total order by nature, so pushers
// queue on pg_advisory_xact_lock instead, taken last and held only while the lines are appended
// and the transaction commits. The lock is transaction-scoped: commit, rollback or a dead client
// connection releases it, so a SIGKILL'd pusher never leaves a stale lock.
import type pg from 'pg';
import type { LedgerVerification } from '../../core/evidence/verify.js';
import { REVISABLE, runConflict } from '../../core/store/bundle.js';
import type { ArchivePolicy, LedgerHeadRecord, PushOutcome, PushRecord, PushedCheckpoint, RunPage, RunQuery, RunRef, RunStore, ServingRun, StoredRun } from '../../core/store/ports.js';
import { checkSchema, createPool, storeFailure, type PgLocation } from './pg-client.js';
import { appendLedger, ledgerHead, readLedger } from './pg-ledger.js';
import { verifyLedgerParallel, type ParallelOptions } from './pg-ledger-parallel.js';
import { archiveSql, listRunsSql, servingSql, summaryOf, type RunRow } from './pg-queries.js';

export async function openPgRunStore(location: PgLocation, pool: pg.Pool = createPool(location)): Promise<PgRunStore> {
  try {
    await checkSchema(pool, location);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PgRunStore(location, pool);
}

export class PgRunStore implements RunStore {
  readonly display: string;
  constructor(
    private readonly location: PgLocation,
    private readonly pool: pg.Pool,
  ) {
    this.display = location.display;
  }

  async push(record: PushRecord): Promise<PushOutcome> {
    return this.inTransaction('pushing the run', async (client) => {
      const { project, featureSha, runId } = record.ref;
      // Two pushers of the same run queue here, so the second sees the first's row.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${project}/${featureSha}/${runId}`]);
      const previous = await client.query<{ revision: number; bundle_digest: string; status: string }>(
        'SELECT revision, bundle_digest, status FROM runs WHERE project = $1 AND feature_sha = $2 AND run_id = $3 ORDER BY revision DESC LIMIT 1',
        [project, featureSha, runId],
      );
      const last = previous.rows[0];
      if (last?.bundle_digest === record.bundleDigest) {
        const head = await ledgerHead(client);
        return { state: 'unchanged', revision: last.revision, centralLines: head.seq, centralHead: head.chain };
      }
      if (last !== undefined && !REVISABLE.has(last.status)) {
        throw runConflict(record.ref, last.status);
      }
      const revision = (last?.revision ?? 0) + 1;
      const id = await insertRun(client, record, revision);
      await insertFiles(client, id, record);
      const head = await appendLedger(client, project, id, record.checkpoints);
      return { state: last === undefined ? 'stored' : 'revised', revision, centralLines: head.seq, centralHead: head.chain };
    });
  }

  async trustedKeys(project: string): Promise<readonly string[]> {
    const r = await this.query<{ public_key: string }>('reading trusted keys', 'SELECT public_key FROM project_keys WHERE project = $1 ORDER BY fingerprint', [project]);
    return r.map((row) => row.public_key);
  }

  async trustKey(project: string, publicKeyPem: string, fingerprint: string): Promise<void> {
    await this.query('trusting a key', 'INSERT INTO project_keys (project, fingerprint, public_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [project, fingerprint, publicKeyPem]);
  }

  async getRun(ref: RunRef): Promise<StoredRun | undefined> {
    const rows = await this.query<RunRow>(
      'reading a run',
      `SELECT * FROM runs WHERE project = $1 AND feature_sha = $2 AND run_id = $3 ORDER BY revision DESC LIMIT 1`,
      [ref.project, ref.featureSha, ref.runId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const files = await this.query<{ path: string; sha256: string; size: string }>('reading a run', 'SELECT path, sha256, size FROM run_files WHERE run = $1 ORDER BY path', [row.id]);
    return { ...summaryOf(row), bundleDigest: row.bundle_digest ?? '', files: files.map((f) => ({ path: f.path, sha256: f.sha256, size: Number(f.size) })) };
  }

  async listRuns(query: RunQuery): Promise<RunPage> {
    const { sql, params } = listRunsSql(query);
    const rows = await this.query<RunRow>('listing runs', sql, params);
    const page = rows.slice(0, query.limit).map(summaryOf);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return last === undefined ? { runs: page } : { runs: page, next: Buffer.from(`${new Date(last.started_at).toISOString()}|${last.id}`).toString('base64url') };
  }

  async serving(project?: string): Promise<readonly ServingRun[]> {
    const { sql, params } = servingSql(project);
    const rows = await this.query<RunRow>('listing what serves', sql, params);
    return rows.map((r) => ({ ...summaryOf(r), environment: r.environment ?? '' }));
  }

  async archiveRuns(policy: ArchivePolicy): Promise<readonly RunRef[]> {
    const { sql, params } = archiveSql(policy);
    const rows = await this.query<{ project: string; feature_sha: string; run_id: string }>('archiving runs', sql, params);
    return rows.map((r) => ({ project: r.project, featureSha: r.feature_sha, runId: r.run_id }));
  }

  ledgerChunks(): AsyncIterable<Uint8Array> {
    return readLedger(this.pool, (error) => storeFailure(this.location, error, 'reading the central ledger'));
  }

  verifyLedgerInParallel(options?: ParallelOptions): Promise<(LedgerVerification & { readonly ranges: number }) | undefined> {
    return verifyLedgerParallel(this.pool, this.location.url, options);
  }

  async pushedCheckpoints(project: string): Promise<readonly PushedCheckpoint[]> {
    const rows = await this.query<{ text: string; local_chain: string }>('reading pushed checkpoints', 'SELECT text, local_chain FROM ledger WHERE project = $1 ORDER BY seq', [project]);
    return rows.map((r) => ({ text: r.text, localChain: r.local_chain }));
  }

  async ledgerHeads(project: string): Promise<readonly LedgerHeadRecord[]> {
    const rows = await this.query<{ feature_sha: string; run_id: string; local_ledger_id: string; local_ledger_lines: string; local_ledger_head: string }>(
      'reading ledger heads',
      'SELECT feature_sha, run_id, local_ledger_id, local_ledger_lines, local_ledger_head FROM runs WHERE project = $1 ORDER BY id',
      [project],
    );
    return rows.map((r) => ({ featureSha: r.feature_sha, runId: r.run_id, ledgerId: r.local_ledger_id, lines: Number(r.local_ledger_lines), head: r.local_ledger_head }));
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async query<R extends pg.QueryResultRow>(doing: string, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw storeFailure(this.location, error, doing);
    }
  }

  private async inTransaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw storeFailure(this.location, error, doing);
    });
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw storeFailure(this.location, error, doing);
    } finally {
      client.release();
    }
  }
}


async function insertRun(client: pg.ClientBase, record: PushRecord, revision: number): Promise<number> {
  const { ref, facts, localLedger } = record;
  const r = await client.query<{ id: string }>(
    `INSERT INTO runs (project, feature_sha, run_id, revision, bundle_digest, mode, status, initiator, started_at, ended_at,
       key_fingerprint, environment, serving, local_ledger_id, local_ledger_lines, local_ledger_head)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [ref.project, ref.featureSha, ref.runId, revision, record.bundleDigest, facts.mode, facts.status, facts.initiator, facts.startedAt, facts.endedAt,
      facts.keyFingerprint, facts.environment, facts.serving, localLedger.ledgerId, localLedger.lines, localLedger.head],
  );
  return Number(r.rows[0]?.id);
}

async function insertFiles(client: pg.ClientBase, run: number, record: PushRecord): Promise<void> {
  await client.query(
    'INSERT INTO run_files (run, path, sha256, size) SELECT $1, p, s, z FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(p, s, z)',
    [run, record.files.map((f) => f.path), record.files.map((f) => f.sha256), record.files.map((f) => f.size)],
  );
}
