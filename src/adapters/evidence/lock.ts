// A cross-process lock that survives a killed holder, for appends to the ledger. Node has no
// flock(2), so: the lock is a file created with link(2) from a complete temp file (atomic, never
// seen half-written) holding the holder's pid, hostname, process start time and a nonce.
//
// A holder is stale when its pid is dead, a zombie, or now belongs to a younger process (pid reuse).
// Breaking a stale lock is the racy part of every lock-file scheme — two waiters decide "stale"
// together and the second deletes the lock the first just took. So breaking happens only under a
// second, tiny "breaker" lock, and only after re-reading the lock and finding the exact content
// (nonce included) that was judged dead; a live holder's lock can therefore never be deleted. The
// breaker is held for microseconds; if its own holder dies it is broken the same way (pid check),
// and the only residual race needs that breaker to die inside that window while two others break it.
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { hostname } from 'node:os';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { currentProcess, isProcessAlive } from './process-identity.js';

export interface LockOptions {
  /** Give up after this long (default 60 s): a live holder on another host never goes stale. */
  readonly timeoutMs?: number;
}

export type ReleaseLock = () => Promise<void>;

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Creates `file` holding `body` iff it does not exist. link(2) of a complete temp file, not
 * open(O_EXCL) + write: an empty lock seen between open and write would look like a dead holder's.
 */
async function createExclusive(file: string, body: string): Promise<boolean> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await fsp.writeFile(temp, body, { flag: 'wx', mode: 0o644 });
  try {
    await fsp.link(temp, file);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** Temp files of creators killed between writing and linking them. */
async function sweepTemps(dir: string): Promise<void> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = /\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
    if (m && name.startsWith('.') && !isProcessAlive({ pid: Number(m[1]), hostname: hostname(), startTime: '' })) {
      await fsp.rm(path.join(dir, name), { force: true });
    }
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function holderOf(content: string): RunProcess {
  try {
    const parsed = JSON.parse(content) as RunProcess;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') return parsed;
  } catch {
    // fall through: content we did not write (link(2) never shows a partial file)
  }
  return { pid: -1, hostname: '', startTime: '' };
}

/** Deletes `file` iff it still holds exactly `observed` (a dead holder's content). */
async function breakStale(file: string, observed: string): Promise<void> {
  const breaker = `${file}.break`;
  const body = `${JSON.stringify({ ...currentProcess(), nonce: randomBytes(8).toString('hex') })}\n`;
  if (!(await createExclusive(breaker, body))) {
    const other = await readText(breaker);
    // A dead breaker is itself broken (by content), otherwise let the live one finish.
    if (other !== undefined && !isProcessAlive(holderOf(other))) await unlinkIfContent(breaker, other);
    return;
  }
  try {
    await unlinkIfContent(file, observed);
  } finally {
    await unlinkIfContent(breaker, body);
  }
}

async function unlinkIfContent(file: string, expected: string): Promise<void> {
  if ((await readText(file)) !== expected) return;
  await fsp.rm(file, { force: true });
}

/**
 * Waiters sleep until the lock folder changes (inotify via fs.watch) or a short timeout passes,
 * instead of spinning: with 20 processes appending, polling alone wastes the CPU the holder needs.
 */
class LockWaiter {
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  constructor(dir: string) {
    try {
      // Only creations and removals matter (a release is an unlink), not the holder writing its body.
      this.watcher = watch(dir, { persistent: false }, (event) => {
        if (event === 'rename') this.wake?.();
      });
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined; // no inotify: plain polling still works
    }
  }
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<ReleaseLock> {
  await fsp.mkdir(path.dirname(lockFile), { recursive: true });
  const body = `${JSON.stringify({ ...currentProcess(), nonce: randomBytes(8).toString('hex') })}\n`;
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let waiter: LockWaiter | undefined;
  let nextLivenessCheck = started;
  try {
    for (;;) {
      if (await createExclusive(lockFile, body)) {
        if (waiter !== undefined) await sweepTemps(path.dirname(lockFile));
        return async () => {
          // Only we or a breaker (never for a live holder) remove our lock: plain unlink is safe.
          await fsp.rm(lockFile, { force: true });
        };
      }
      waiter ??= new LockWaiter(path.dirname(lockFile));
      const now = performance.now();
      if (now >= nextLivenessCheck) {
        nextLivenessCheck = now + 20;
        const content = await readText(lockFile);
        if (content === undefined) continue; // released just now
        if (!isProcessAlive(holderOf(content))) {
          await breakStale(lockFile, content);
          continue;
        }
        if (now > deadline) {
          throw new EvidenceError('LEDGER_LOCK_TIMEOUT', `timed out after ${Math.round(now - started)} ms waiting for the lock held by ${content.trim() || '(empty lock file)'}`, {
            path: lockFile,
            hint: `held by ${content.trim()}; if that process is gone (e.g. on another host), delete this file`,
          });
        }
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
