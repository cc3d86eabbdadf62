// Checks the central chain on every core. Line i is right when SHA-256(chain[i-1] + "\n" + text[i])
// equals its stored chain, and chain[i-1] is stored too, so the chain is cut into ranges of seq and
// each range is checked by its own worker thread over its own connection, from the stored chain of
// the line before it. Ranges that each verify make a chain that verifies: range k's first line is
// checked against the stored chain of range k-1's last line, which range k-1 checked. The
// connections share one exported snapshot, so they see the same chain even while pushes commit.
// An intact chain is proven here; any problem returns undefined and the caller's sequential pass
// names the first bad line and classifies it exactly (as the file ledger's verifyParallel does).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { GENESIS_CHAIN } from '../../core/evidence/checkpoint.js';
import type { LedgerVerification } from '../../core/evidence/verify.js';
import type { SeqRange } from './pg-ledger-copy.js';
import { ledgerHead } from './pg-ledger.js';

const WORKER = fileURLToPath(new URL('./pg-ledger-worker.js', import.meta.url));

/** Below this many lines one sequential read is as fast: each worker loads pg and warms the JIT. */
export const PARALLEL_FROM_LINES = 200_000;

export interface SliceJob extends SeqRange {
  readonly url: string;
  readonly snapshot: string;
  readonly prevChain: string;
}

export interface ParallelOptions {
  readonly fromLines?: number;
  /** Ranges (one worker and one connection each); default: the cores, 2–8. */
  readonly slices?: number;
}

/** An intact chain, and how many ranges it was checked in. */
export type ParallelResult = LedgerVerification & { readonly ranges: number };

/** Splits 1..last into `count` contiguous ranges of seq. */
export function seqRanges(last: number, count: number): SeqRange[] {
  const bounds = Array.from({ length: count + 1 }, (_, k) => Math.floor((k * last) / count));
  return bounds.slice(1).map((end, k) => ({ after: bounds[k] as number, last: end })).filter((r) => r.last > r.after);
}

async function chainsBefore(client: pg.ClientBase, ranges: readonly SeqRange[]): Promise<Map<number, string>> {
  const seqs = ranges.map((r) => r.after).filter((s) => s > 0);
  const r = await client.query<{ seq: string; chain: string }>('SELECT seq, chain FROM ledger WHERE seq = ANY($1::bigint[])', [seqs]);
  const chains = new Map<number, string>([[0, GENESIS_CHAIN]]);
  for (const row of r.rows) chains.set(Number(row.seq), row.chain);
  return chains;
}

function runSlice(job: SliceJob): Promise<LedgerVerification | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { workerData: job });
    worker.once('message', (m: { result?: LedgerVerification }) => {
      resolve(m.result);
      // A range that stopped at a bad line leaves its COPY unfinished: do not wait for its close.
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

async function verifyRanges(client: pg.ClientBase, url: string, count: number): Promise<ParallelResult | undefined> {
  const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s ?? '';
  if (!/^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i.test(snapshot)) return undefined;
  const { seq: last } = await ledgerHead(client);
  const ranges = seqRanges(last, count);
  const chains = await chainsBefore(client, ranges);
  // A missing boundary row means seq has a gap: not a chain this check can cut; go sequential.
  if (ranges.some((r) => !chains.has(r.after))) return undefined;
  const results = await Promise.all(ranges.map((r) => runSlice({ ...r, url, snapshot, prevChain: chains.get(r.after) as string })));
  // Each range must have been read whole (line numbers continue from `after`): seq is dense.
  if (results.some((r, k) => r?.ok !== true || r.lines !== ranges[k]?.last)) return undefined;
  return { ok: true, lines: last, headChain: (results[results.length - 1] as LedgerVerification).headChain, ranges: ranges.length };
}

/**
 * The whole chain checked in parallel, or undefined when it is small, workers are unavailable
 * (running from sources), anything fails, or any range has a problem.
 */
export async function verifyLedgerParallel(pool: pg.Pool, url: string, options: ParallelOptions = {}): Promise<ParallelResult | undefined> {
  if (!existsSync(WORKER)) return undefined;
  const count = options.slices ?? Math.min(Math.max(availableParallelism(), 2), 8);
  const client = await pool.connect().catch(() => undefined);
  if (client === undefined) return undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { seq: last } = await ledgerHead(client);
    if (count < 2 || last < (options.fromLines ?? PARALLEL_FROM_LINES)) return undefined;
    // The exporting transaction stays open until every worker has imported its snapshot and read.
    return await verifyRanges(client, url, count);
  } catch {
    return undefined;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
