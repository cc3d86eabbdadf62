// The organisation-wide chain in PostgreSQL: appending a push's checkpoints (inside the push's
// transaction, under the advisory lock) and reading the chain back for `audit verify --store`.
import type pg from 'pg';
import { chainOf, GENESIS_CHAIN } from '../../core/evidence/checkpoint.js';
import type { PushedCheckpoint } from '../../core/store/ports.js';
import { copyLedger } from './pg-ledger-copy.js';

/** Key of the advisory lock that serialises appends to the central chain (see pg-run-store.ts). */
const LEDGER_LOCK = 0x5e6a7e;

export interface LedgerHead {
  readonly seq: number;
  readonly chain: string;
}

export async function ledgerHead(client: pg.ClientBase): Promise<LedgerHead> {
  const r = await client.query<{ seq: string; chain: string }>('SELECT seq, chain FROM ledger ORDER BY seq DESC LIMIT 1');
  const row = r.rows[0];
  return row === undefined ? { seq: 0, chain: GENESIS_CHAIN } : { seq: Number(row.seq), chain: row.chain };
}

/**
 * Appends `lines` after the current head. Call inside the push's transaction: the lock is taken
 * last and released by its commit or rollback (or by the server when the client dies).
 */
export async function appendLedger(client: pg.ClientBase, project: string, run: number, lines: readonly PushedCheckpoint[]): Promise<LedgerHead> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
  let { seq, chain } = await ledgerHead(client);
  const seqs: number[] = [];
  const chains: string[] = [];
  for (const line of lines) {
    chain = chainOf(chain, line.text);
    seqs.push(++seq);
    chains.push(chain);
  }
  await client.query(
    `INSERT INTO ledger (seq, project, run, text, chain, local_chain)
     SELECT s, $1, $2, t, c, l FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[]) AS u(s, t, c, l)`,
    [project, run, seqs, lines.map((l) => l.text), chains, lines.map((l) => l.localChain)],
  );
  return { seq, chain };
}

/**
 * The whole chain as `line\n` bytes from one REPEATABLE READ snapshot (pushes committed meanwhile
 * are not half-seen). `onError` maps a driver error to the caller's StoreError.
 */
export async function* readLedger(pool: pg.Pool, onError: (error: unknown) => Error): AsyncIterable<Uint8Array> {
  const client = await pool.connect().catch((error: unknown) => {
    throw onError(error);
  });
  let complete = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { seq: last } = await ledgerHead(client);
    yield* copyLedger(client, { after: 0, last });
    await client.query('COMMIT');
    complete = true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw onError(error);
  } finally {
    // A caller that stops at the first bad line leaves the COPY unfinished: that connection is
    // mid-protocol, so it is closed rather than handed back to the pool.
    client.release(complete ? undefined : true);
  }
}
