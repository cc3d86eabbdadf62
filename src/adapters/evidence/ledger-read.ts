// Reading the ledger file reports/audit/checkpoints.log without holding its lock: streaming
// verification of the whole chain (in parallel slices for very large ledgers), filtered reading
// of checkpoints and the chain values at given lines. Appends are in ledger-file.ts.
import { createReadStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { matchesCheckpoint, parseLedgerLine, type CheckpointFilter, type LedgerEntry } from '../../core/evidence/checkpoint.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { LedgerVerifier, withAnchor, type LedgerVerification } from '../../core/evidence/verify.js';
import { ChainLocator } from '../../core/evidence/anchors.js';
import { AUDIT_DIR, LEDGER_FILE_NAME } from '../../core/evidence/vocabulary.js';
import { verifyParallel } from './verify-parallel.js';
import { assertReportsReadable } from './reports-dir.js';

/**
 * Below this one thread verifies: workers each load the modules and warm the JIT again, so they
 * cost more CPU in total than they save in wall time until the ledger is very large (a million
 * lines, ~160 MB, verify in under a second single-threaded; docs/benchmarks.md).
 */
const PARALLEL_FROM_BYTES = 512 * 1024 * 1024;

export function ledgerPath(reportsDir: string): string {
  return path.join(reportsDir, AUDIT_DIR, LEDGER_FILE_NAME);
}

/** Recomputes the whole chain, streaming. A missing ledger is an empty, intact one. */
export async function verifyLedger(
  reportsDir: string,
  options: { readonly expectHead?: string; readonly parallelFromBytes?: number } = {},
): Promise<LedgerVerification & { readonly path: string }> {
  const result = await verifyChain(reportsDir, options.parallelFromBytes ?? PARALLEL_FROM_BYTES);
  if (options.expectHead === undefined) return result;
  if (!/^[0-9a-f]{64}$/.test(options.expectHead)) {
    throw new EvidenceError('CHECKPOINT_INVALID', `anchor '${options.expectHead}' is not a chain value`, { hint: 'pass the 64-hex headChain printed by `specgate audit verify --json`' });
  }
  const found = result.ok && (await containsChain(result.path, options.expectHead));
  return { ...withAnchor(result, options.expectHead, found), path: result.path };
}

/** Whether some line of the ledger ends with ` | <chain>`. */
async function containsChain(file: string, chain: string): Promise<boolean> {
  const needle = Buffer.from(` | ${chain}\n`, 'latin1');
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.alloc(4 << 20);
    let keep = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, keep, buffer.length - keep, null);
      if (bytesRead === 0) return false;
      const filled = keep + bytesRead;
      if (buffer.subarray(0, filled).indexOf(needle) >= 0) return true;
      keep = Math.min(needle.length - 1, filled);
      buffer.copy(buffer, 0, filled - keep, filled);
    }
  } finally {
    await handle.close();
  }
}

async function verifyChain(reportsDir: string, parallelFromBytes: number): Promise<LedgerVerification & { readonly path: string }> {
  const file = ledgerPath(reportsDir);
  const verifier = new LedgerVerifier();
  await assertReportsReadable(reportsDir);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...verifier.end(), path: file };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    // Big ledgers are checked slice by slice on every core; problems are re-checked sequentially.
    if (size >= parallelFromBytes) {
      const parallel = await verifyParallel(file, size).catch(() => undefined);
      if (parallel !== undefined) return { ...parallel, path: file };
    }
    const buffer = Buffer.alloc(4 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      verifier.feed(buffer.subarray(0, bytesRead));
      if (verifier.done) break;
    }
  } finally {
    await handle.close();
  }
  return { ...verifier.end(), path: file };
}

/** Checkpoints matching `filter`, oldest first, plus the numbers of lines that do not parse. */
export async function readCheckpoints(reportsDir: string, filter: CheckpointFilter = {}): Promise<{ entries: LedgerEntry[]; malformed: number[] }> {
  const file = ledgerPath(reportsDir);
  const entries: LedgerEntry[] = [];
  const malformed: number[] = [];
  if (!(await assertReportsReadable(reportsDir))) return { entries, malformed };
  try {
    await fsp.access(file);
  } catch {
    return { entries, malformed };
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    const entry = parseLedgerLine(text, n);
    if (entry === undefined) malformed.push(n);
    else if (matchesCheckpoint(entry, filter)) entries.push(entry);
  }
  return { entries, malformed };
}

/** The chain column of each wanted line (one streaming pass; lines past the end are absent). */
export async function chainsAt(reportsDir: string, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const locator = new ChainLocator(wanted);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(ledgerPath(reportsDir), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return locator.end();
    throw error;
  }
  try {
    const buffer = Buffer.alloc(4 << 20);
    while (!locator.done) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      locator.feed(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return locator.end();
}
