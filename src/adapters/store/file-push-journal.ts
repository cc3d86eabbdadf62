// A push to the file store changes two files that cannot change together: the central ledger (its
// lines appended) and the run's record (the run appears in listings). A pusher killed between them
// would leave ledger lines of a run that is not listed, and the retried push would append them a
// second time. So a push is a small redo log, all under the store's push lock:
//   1. its intent — the record and the lines — goes to audit/push.pending.json (written atomically);
//   2. the lines are appended to the ledger (one fsync'd write);
//   3. the record is installed (written to a temp name, renamed into place);
//   4. the intent is removed.
// The next push first rolls an interrupted one forward from whatever step it reached: the chain of
// the ledger's last whole line says how many of the lines are already in. Nothing is ever removed
// from the ledger; a torn line a killed writer left is quarantined by the ledger's own writer.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { chainOf, GENESIS_CHAIN, parseLedgerLine, type Checkpoint } from '../../core/evidence/checkpoint.js';
import { StoreError } from '../../core/store/errors.js';
import { appendCheckpoints, ledgerPath } from '../evidence/ledger-file.js';
import { writeFileAtomic } from '../node-fs.js';

export interface PushIntent {
  /** Where the record goes, relative to the store's root. */
  readonly recordFile: string;
  /** The record's exact bytes (JSON). */
  readonly record: string;
  /** The checkpoint texts to append, in order. */
  readonly texts: readonly string[];
  /** Chain of the ledger's last whole line before the push. */
  readonly headBefore: string;
}

/** Where a test stops a push as a SIGKILL would (after that step, with nothing cleaned up). */
export type PushStep = 'intent' | 'ledger' | 'record';

const INTENT = path.join('audit', 'push.pending.json');
const TAIL = 16 * 1024; // a ledger line is at most 4 KiB

/** Chain of the ledger's last whole line (a torn tail is not a line); GENESIS_CHAIN when empty. */
export async function lastWholeChain(root: string): Promise<string> {
  const handle = await fsp.open(ledgerPath(root), 'r').catch(() => undefined);
  if (handle === undefined) return GENESIS_CHAIN;
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const end = buffer.lastIndexOf(0x0a);
    return end < 64 ? GENESIS_CHAIN : buffer.toString('latin1', end - 64, end);
  } finally {
    await handle.close();
  }
}

/** The pushed text back as a checkpoint, so the file ledger's own writer chains it. */
function toCheckpoint(text: string): Checkpoint {
  const entry = parseLedgerLine(`${text} | ${GENESIS_CHAIN}`, 0);
  if (entry === undefined) throw new StoreError('STORE_REJECTED', `'${text.slice(0, 120)}' is not a checkpoint line`, { hint: 'push runs whose project ledger verifies' });
  return entry;
}

/** Appends the intent's lines the ledger does not hold yet. */
async function appendMissing(root: string, intent: PushIntent): Promise<void> {
  const last = await lastWholeChain(root);
  let chain = intent.headBefore;
  let done = last === chain ? 0 : -1;
  for (let i = 0; i < intent.texts.length && done < 0; i += 1) {
    chain = chainOf(chain, intent.texts[i] as string);
    if (chain === last) done = i + 1;
  }
  if (done < 0) {
    throw new StoreError('STORE_LEDGER_BROKEN', `the file store's ledger in ${root} does not continue from the interrupted push in ${INTENT}`, {
      hint: 'someone changed the ledger outside specgate: run `specgate audit verify --store` and investigate before pushing again',
    });
  }
  if (done < intent.texts.length) await appendCheckpoints(root, intent.texts.slice(done).map(toCheckpoint));
}

/** Steps 1–4 above; `stopAfter` (tests only) leaves the push where a SIGKILL would. */
export async function commitPush(root: string, intent: PushIntent, stopAfter?: PushStep): Promise<void> {
  const stop = (step: PushStep): void => {
    if (stopAfter === step) throw new Error(`push stopped after the ${step} step (test)`);
  };
  for (const text of intent.texts) toCheckpoint(text); // refuse bad lines before writing anything
  await writeFileAtomic(path.join(root, INTENT), `${JSON.stringify(intent)}\n`);
  stop('intent');
  await finishPush(root, intent, stop);
}

async function finishPush(root: string, intent: PushIntent, stop: (step: PushStep) => void = () => undefined): Promise<void> {
  await appendMissing(root, intent);
  stop('ledger');
  const file = path.join(root, intent.recordFile);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, intent.record);
  stop('record');
  await fsp.rm(path.join(root, INTENT), { force: true });
}

function isIntent(v: unknown): v is PushIntent {
  const o = v as Partial<PushIntent> | null;
  return typeof o?.recordFile === 'string' && /^runs\/[A-Za-z0-9][A-Za-z0-9._-]*\/[0-9a-f]{12}\/\d{14}(-\d{1,6})?\/r\d+\.json$/.test(o.recordFile) && typeof o.record === 'string' && Array.isArray(o.texts) && o.texts.every((t) => typeof t === 'string') && typeof o.headBefore === 'string' && /^[0-9a-f]{64}$/.test(o.headBefore);
}

/** Finishes a push a killed pusher left half done (call under the push lock, before any push). */
export async function rollForward(root: string): Promise<boolean> {
  const text = await fsp.readFile(path.join(root, INTENT), 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  let intent: unknown;
  try {
    intent = JSON.parse(text);
  } catch {
    intent = undefined;
  }
  if (!isIntent(intent)) {
    throw new StoreError('STORE_UNAVAILABLE', `${path.join(root, INTENT)} is not a push intent this specgate wrote`, { hint: 'it was edited or is from another version: move it aside after checking `specgate audit verify --store`' });
  }
  await finishPush(root, intent);
  return true;
}
