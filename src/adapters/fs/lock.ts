// The one cross-process lock of specgate, safe against a killed holder: ledger appends, run
// evidence, recovery, store pushes, git worktree adds/removes and deploys all take it. Node has no
// flock(2), so: the lock is a file created with O_EXCL holding the holder's pid, hostname, process
// start time and a nonce.
//
// A holder is stale when its pid is dead, a zombie, or now belongs to a younger process (pid reuse).
// Breaking a stale lock is the racy part of every lock-file scheme — two waiters decide "stale"
// together and the second deletes the lock the first just took. So breaking happens only under a
// second, tiny "breaker" lock, and only after re-reading the lock and finding the exact content
// (nonce included) that was judged dead; a live holder's lock can therefore never be deleted. The
// breaker is held for microseconds; if its own holder dies it is broken the same way, and the only
// residual race needs that breaker to die inside that window while two others break it.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { currentProcess, isProcessAlive } from '../evidence/process-identity.js';
import { LockWaiter } from './lock-waiter.js';

/** What a lock file holds: who, since when, for what; the nonce makes every taking unique. */
export interface LockHolder extends RunProcess {
  readonly nonce: string;
  readonly what?: string;
  readonly since?: string;
}

export interface LockOptions {
  /**
   * Give up after this long while a live holder keeps the lock (default 60 s; 0 refuses at once):
   * a live holder on another host never goes stale.
   */
  readonly timeoutMs?: number;
  /** Recorded in the lock file as `what`, so a waiter's error can say what holds it. */
  readonly what?: string;
  /** The error for "a live holder kept it" (default EvidenceError LEDGER_LOCK_TIMEOUT). */
  readonly busy?: (holder: LockHolder | undefined, waitedMs: number, lockFile: string) => Error;
  /** Called once, when a live holder is found and this caller starts waiting for it (progress, tests). */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

export type ReleaseLock = () => Promise<void>;

/** An empty lock younger than this is a creator between open and write, not a dead one. */
const EMPTY_GRACE_MS = 5_000;

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Creates `file` holding `body` iff it does not exist: open(O_CREAT|O_EXCL). A failed attempt
 * changes nothing on disk, which matters when many waiters retry at once. Between open and write
 * the file is empty; judgedDead gives such a file a grace period instead of calling it dead.
 */
async function createExclusive(file: string, body: string): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'wx', 0o644);
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.write(body);
  } finally {
    await handle.close();
  }
  return true;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function holderOf(content: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(content) as LockHolder;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') return parsed;
  } catch {
    // empty (being written, or its writer died before writing) or not ours
  }
  return undefined;
}

/** Whether the holder recorded in `content` is gone; a holder-less lock only after the grace period. */
async function judgedDead(file: string, content: string): Promise<boolean> {
  const holder = holderOf(content);
  if (holder !== undefined) return !isProcessAlive(holder);
  const stats = await fsp.stat(file).catch(() => undefined);
  return stats !== undefined && Date.now() - stats.mtimeMs > EMPTY_GRACE_MS;
}

async function unlinkIfContent(file: string, expected: string): Promise<void> {
  if ((await readText(file)) !== expected) return;
  await fsp.rm(file, { force: true });
}

function holderBody(what: string | undefined): string {
  const holder: LockHolder = { ...currentProcess(), nonce: randomBytes(8).toString('hex'), ...(what === undefined ? {} : { what, since: new Date().toISOString() }) };
  return `${JSON.stringify(holder)}\n`;
}

/** Deletes `file` iff it still holds exactly `observed` (a dead holder's content). */
async function breakStale(file: string, observed: string): Promise<void> {
  const breaker = `${file}.break`;
  const body = holderBody(undefined);
  if (!(await createExclusive(breaker, body))) {
    const other = await readText(breaker);
    // A dead breaker is itself broken (by content), otherwise let the live one finish.
    if (other !== undefined && (await judgedDead(breaker, other))) await unlinkIfContent(breaker, other);
    return;
  }
  try {
    await unlinkIfContent(file, observed);
  } finally {
    await unlinkIfContent(breaker, body);
  }
}

function ledgerBusy(holder: LockHolder | undefined, waitedMs: number, lockFile: string): Error {
  const who = holder === undefined ? '(a process still writing it)' : JSON.stringify(holder);
  return new EvidenceError('LEDGER_LOCK_TIMEOUT', `timed out after ${Math.round(waitedMs)} ms waiting for the lock held by ${who}`, {
    path: lockFile,
    hint: 'another specgate process holds it; if that process is gone (e.g. on another host), delete this file',
  });
}

export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<ReleaseLock> {
  await fsp.mkdir(path.dirname(lockFile), { recursive: true });
  const body = holderBody(options.what);
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let waiter: LockWaiter | undefined;
  let nextLivenessCheck = started;
  let onWait = options.onWait;
  try {
    for (;;) {
      if (await createExclusive(lockFile, body)) {
        return async () => {
          // Only we or a breaker (never for a live holder) remove our lock: plain unlink is safe.
          await fsp.rm(lockFile, { force: true });
        };
      }
      waiter ??= new LockWaiter(lockFile);
      const now = performance.now();
      if (now >= nextLivenessCheck) {
        nextLivenessCheck = now + 20;
        const content = await readText(lockFile);
        if (content === undefined) continue; // released just now
        if (await judgedDead(lockFile, content)) {
          await breakStale(lockFile, content);
          continue;
        }
        if (now >= deadline) throw (options.busy ?? ledgerBusy)(holderOf(content), now - started, lockFile);
        onWait?.(holderOf(content));
        onWait = undefined;
      }
      await waiter.wait(5 + Math.random() * 15);
    }
  } finally {
    waiter?.close();
  }
}

export async function withLock<T>(lockFile: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockFile, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
