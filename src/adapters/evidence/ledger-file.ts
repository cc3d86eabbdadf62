// The ledger file reports/audit/checkpoints.log: serialised, fsync'd appends; quarantine of a torn
// last line (a writer killed mid-line) into a side file, recorded as its own checkpoint. Streaming
// verification and filtered reading are in ledger-read.ts (re-exported here: one import for the ledger).
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { GENESIS_CHAIN, LEDGER_LINE, ledgerLine, checkpointText, type Checkpoint } from '../../core/evidence/checkpoint.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { writeFileAtomic } from '../node-fs.js';
import { withLock, type LockOptions } from '../fs/lock.js';
import { ensureReportsDir } from './reports-dir.js';
import { AUDIT_DIR, LEDGER_FILE_NAME } from '../../core/evidence/vocabulary.js';
import type { AppendResult } from '../../core/evidence/ports.js';

export { chainsAt, ledgerPath, readCheckpoints, verifyLedger } from './ledger-read.js';

const LOCK_FILE = path.join('.locks', `${LEDGER_FILE_NAME}.lock`);

export type { AppendResult } from '../../core/evidence/ports.js';

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
