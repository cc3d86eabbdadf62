// Worker thread for the parallel check of the central chain: reads one range of lines with COPY
// inside the snapshot the main thread exported, and checks it with the project ledgers' verifier
// from the stored chain of the line before it. Posts { result } or { failed } (no driver text: the
// sequential pass that follows a failure reports errors, redacted).
import pg from './pg.js';
import { parentPort, workerData } from 'node:worker_threads';
import { LedgerVerifier } from '../../core/evidence/verify.js';
import { copyLedger } from './pg-ledger-copy.js';
import type { SliceJob } from './pg-ledger-parallel.js';

async function verifySlice(job: SliceJob): Promise<void> {
  const client = new pg.Client({ connectionString: job.url, application_name: 'specgate' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Validated by the main thread (it came from pg_export_snapshot()); SET cannot take a parameter.
    await client.query(`SET TRANSACTION SNAPSHOT '${job.snapshot}'`);
    const verifier = new LedgerVerifier({ prevChain: job.prevChain, lineBefore: job.after });
    for await (const chunk of copyLedger(client, job)) {
      verifier.feed(chunk);
      if (verifier.done) break;
    }
    parentPort?.postMessage({ result: verifier.end() });
  } finally {
    await client.end().catch(() => undefined);
  }
}

verifySlice(workerData as SliceJob).catch((error: unknown) => {
  parentPort?.postMessage({ failed: (error as { code?: string }).code ?? 'error' });
});
