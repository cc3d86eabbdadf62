// The ledger file reports/audit/checkpoints.log: serialised, fsync'd appends; quarantine of a torn
// last line (a writer killed mid-line) into a side file, recorded as its own checkpoint; streaming
// verification and filtered reading.
import { createReadStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { GENESIS_CHAIN, LEDGER_LINE, ledgerLine, matchesCheckpoint, parseLedgerLine, checkpointText, type Checkpoint, type CheckpointFilter, type LedgerEntry } from '../../core/evidence/checkpoint.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { LedgerVerifier, withAnchor, type LedgerVerification } from '../../core/evidence/verify.js';
import { ChainLocator, type LedgerAnchor } from '../../core/evidence/anchors.js';
import { writeFileAtomic } from '../node-fs.js';
import { verifyParallel } from './verify-parallel.js';
import { withLock, type LockOptions } from '../fs/lock.js';
import { assertReportsReadable, ensureReportsDir } from './reports-dir.js';
import { AUDIT_DIR, LEDGER_FILE_NAME } from '../../core/evidence/vocabulary.js';

const LOCK_FILE = path.join('.locks', `${LEDGER_FILE_NAME}.lock`);

/**
 * Below this one thread verifies: workers each load the modules and warm the JIT again, so they
 * cost more CPU in total than they save in wall time until the ledger is very large (a million
 * lines, ~160 MB, verify in under a second single-threaded; docs/benchmarks.md).
 */
const PARALLEL_FROM_BYTES = 512 * 1024 * 1024;

export function ledgerPath(reportsDir: string): string {
  return path.join(reportsDir, AUDIT_DIR, LEDGER_FILE_NAME);
}

export interface AppendResult {
  /** Lines written, in order (a quarantine checkpoint may precede yours). */
  readonly lines: readonly string[];
  /** Chain of the last line written. */
  readonly chain: string;
  /** Side file the torn tail was moved to, relative to the reports folder. */
  readonly quarantined?: string;
  /** With `anchor: true`: the 1-based line number and chain of the last line written. */
  readonly anchor?: LedgerAnchor;
}

export interface AppendOptions extends LockOptions {
  /**
   * Count the ledger's lines under the lock so the result carries the exact line number of the
   * last line written (a run's anchors). One pass over the file: asked twice per run, not per line.
   */
  readonly anchor?: boolean;
}

/** Newlines in the first `size` bytes of the file: its number of whole lines. */
async function countLines(handle: fsp.FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(Math.min(4 << 20, Math.max(1, size)));
  let lines = 0;
  for (let position = 0; position < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    for (let nl = buffer.indexOf(0x0a, 0); nl >= 0 && nl < bytesRead; nl = buffer.indexOf(0x0a, nl + 1)) lines += 1;
    position += bytesRead;
  }
  return lines;
}

interface Tail {
  readonly prevChain: string;
  /** Offset where a torn (newline-less) last line starts, if there is one. */
  readonly tornAt?: number;
}

/** Reads the end of the ledger: the last whole line's chain and any torn remainder. */
async function readTail(handle: fsp.FileHandle, size: number, file: string): Promise<Tail> {
  if (size === 0) return { prevChain: GENESIS_CHAIN };
  let window = 8192;
  for (;;) {
    const start = Math.max(0, size - window);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const endsWithNewline = buffer[buffer.length - 1] === 0x0a;
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      if (start > 0) {
        window *= 4;
        continue;
      }
      return { prevChain: GENESIS_CHAIN, tornAt: 0 }; // one torn line and nothing else
    }
    const tornAt = endsWithNewline ? undefined : start + lastNewline + 1;
    if (lastNewline === 0) throw corrupt(file, 'it holds an empty line');
    // The last whole line ends at lastNewline; find where it starts.
    const lineEnd = lastNewline;
    const lineStart = buffer.lastIndexOf(0x0a, lineEnd - 1) + 1;
    if (lineStart === 0 && start > 0) {
      window *= 4;
      continue;
    }
    const text = buffer.toString('utf8', lineStart, lineEnd);
    const m = LEDGER_LINE.exec(text);
    if (!m?.[7]) throw corrupt(file, `its last complete line is not a checkpoint line: '${text.slice(0, 120)}'`);
    return tornAt === undefined ? { prevChain: m[7] } : { prevChain: m[7], tornAt };
  }
}

function corrupt(file: string, why: string): EvidenceError {
  return new EvidenceError('LEDGER_CORRUPT', `the ledger cannot be extended: ${why}`, {
    path: file,
    hint: 'run `specgate audit verify` to find the first bad line; a tampered ledger must be investigated, not repaired',
  });
}

function stamp(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Appends checkpoints under the ledger lock, in one write, fsync'd. If the file ends with a torn
 * line, that tail is moved to `audit/checkpoints.log.torn-<time>-<pid>` and a `ledger | warning`
 * checkpoint naming it is written first, so the repair is itself on the record.
 */
export async function appendCheckpoints(reportsDir: string, checkpoints: readonly Checkpoint[], options: AppendOptions = {}): Promise<AppendResult> {
  for (const cp of checkpoints) checkpointText(cp); // validate before taking the lock
  const first = checkpoints[0];
  if (first === undefined) return { lines: [], chain: GENESIS_CHAIN };
  const auditDir = path.join(reportsDir, AUDIT_DIR);
  await ensureReportsDir(reportsDir);
  await ensureReportsDir(auditDir);
  const file = path.join(auditDir, LEDGER_FILE_NAME);
  return withLock(
    path.join(auditDir, LOCK_FILE),
    async () => {
      const handle = await fsp.open(file, 'a+', 0o644);
      try {
        const { size } = await handle.stat();
        const tail = await readTail(handle, size, file);
        let quarantined: string | undefined;
        const todo: Checkpoint[] = [...checkpoints];
        if (tail.tornAt !== undefined) {
          const torn = Buffer.alloc(size - tail.tornAt);
          await handle.read(torn, 0, torn.length, tail.tornAt);
          const side = `${LEDGER_FILE_NAME}.torn-${stamp(first.time)}-${process.pid}`;
          await writeFileAtomic(path.join(auditDir, side), torn);
          await handle.truncate(tail.tornAt);
          await handle.sync();
          quarantined = `${AUDIT_DIR}/${side}`;
          todo.unshift({ time: first.time, runId: first.runId, featureSha: first.featureSha, stage: 'ledger', status: 'warning', artifact: quarantined });
        }
        let chain = tail.prevChain;
        const lines: string[] = [];
        for (const cp of todo) {
          const next = ledgerLine(chain, cp);
          chain = next.chain;
          lines.push(next.line);
        }
        await handle.write(`${lines.join('\n')}\n`);
        await handle.sync();
        const anchor = options.anchor === true ? { line: await countLines(handle, (await handle.stat()).size), chain } : undefined;
        return { lines, chain, ...(quarantined === undefined ? {} : { quarantined }), ...(anchor === undefined ? {} : { anchor }) };
      } finally {
        await handle.close();
      }
    },
    options,
  );
}

export function appendCheckpoint(reportsDir: string, checkpoint: Checkpoint, options: AppendOptions = {}): Promise<AppendResult> {
  return appendCheckpoints(reportsDir, [checkpoint], options);
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
