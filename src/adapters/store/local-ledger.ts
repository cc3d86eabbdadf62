// Reads a project ledger the way the store needs it: its identity (the first line's chain, unique
// to that ledger) and the chains at given line numbers, to compare with heads recorded at push time.
import * as fsp from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GENESIS_CHAIN } from '../../core/evidence/checkpoint.js';
import { ledgerPath } from '../evidence/ledger-file.js';

/** Chain of line 1, or the genesis chain for an empty ledger. */
export async function firstLedgerChain(reportsDir: string): Promise<string> {
  const handle = await fsp.open(ledgerPath(reportsDir), 'r').catch(() => undefined);
  if (handle === undefined) return GENESIS_CHAIN;
  try {
    const buffer = Buffer.alloc(4200);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const line = buffer.toString('utf8', 0, bytesRead).split('\n')[0] ?? '';
    return /\| ([0-9a-f]{64})$/.exec(line)?.[1] ?? GENESIS_CHAIN;
  } finally {
    await handle.close();
  }
}

/** Every line's text and chain, 1-based, streamed (a project ledger, not the organisation's). */
export async function* ledgerLines(reportsDir: string): AsyncIterable<{ line: number; text: string; chain: string }> {
  const file = ledgerPath(reportsDir);
  if (!(await fsp.stat(file).then(() => true, () => false))) return;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    yield { line: n, text: raw.slice(0, -67), chain: raw.slice(-64) };
  }
}
