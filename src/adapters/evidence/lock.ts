// A cross-process lock that survives a killed holder, for appends to the ledger.
//
// Why not a plain O_EXCL lock file: breaking a stale one (unlink, then create) races — two
// waiters can both decide it is stale and the second unlinks the first one's fresh lock. Node has
// no flock(2). So the lock is a sequence of generations in a folder: `<n>` is held by whoever
// created it (link(2) of a complete temp file, so it is never seen half-written), `<n>.released`
// once its holder let go. To take the lock, create `<max+1>` when `<max>` is released or its holder
// is dead (pid + start time, see process-identity.ts). Exactly one creator wins each generation,
// and a winner that finds a newer generation after creating its own steps back, so a stale lock is
// broken without ever deleting a live one. The newest generation is never deleted.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { currentProcess, isProcessAlive } from './process-identity.js';

const GENERATION = /^(\d+)(\.released)?$/;

interface Top {
  readonly generation: number;
  readonly released: boolean;
}

async function top(dir: string): Promise<{ top: Top | undefined; names: string[] }> {
  const names = await fsp.readdir(dir);
  let best: Top | undefined;
  for (const name of names) {
    const m = GENERATION.exec(name);
    if (!m) continue;
    const generation = Number(m[1]);
    if (best === undefined || generation > best.generation) best = { generation, released: m[2] !== undefined };
  }
  return { top: best, names };
}

async function readHolder(file: string): Promise<RunProcess | undefined> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as RunProcess;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unreadable content cannot come from link(2) of a complete file; treat as a dead holder.
    return { pid: -1, hostname: '', startTime: '' };
  }
}

async function tryCreate(dir: string, generation: number, body: string): Promise<boolean> {
  const temp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  await fsp.writeFile(temp, body, { flag: 'wx' });
  try {
    await fsp.link(temp, path.join(dir, String(generation)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

async function cleanup(dir: string, names: readonly string[], below: number): Promise<void> {
  for (const name of names) {
    const m = GENERATION.exec(name);
    const tmp = /^\.tmp-(\d+)-/.exec(name);
    const stale =
      (m !== null && Number(m[1]) < below) ||
      (tmp !== null && !isProcessAlive({ pid: Number(tmp[1]), hostname: currentProcess().hostname, startTime: '' }));
    if (stale) await fsp.rm(path.join(dir, name), { force: true });
  }
}

export interface LockOptions {
  /** Give up after this long (default 60 s): a live holder on another host never goes stale. */
  readonly timeoutMs?: number;
}

export type ReleaseLock = () => Promise<void>;

export async function acquireLock(dir: string, options: LockOptions = {}): Promise<ReleaseLock> {
  await fsp.mkdir(dir, { recursive: true });
  const me = currentProcess();
  const body = `${JSON.stringify(me)}\n`;
  const deadline = performance.now() + (options.timeoutMs ?? 60_000);
  let delay = 0.5;
  for (;;) {
    const { top: current } = await top(dir);
    let free = current === undefined || current.released;
    if (!free && current !== undefined) {
      const holder = await readHolder(path.join(dir, String(current.generation)));
      if (holder === undefined) continue; // released or cleaned up under us: look again
      free = !isProcessAlive(holder);
    }
    if (free) {
      const generation = (current?.generation ?? 0) + 1;
      if (await tryCreate(dir, generation, body)) {
        const after = await top(dir);
        if (after.top !== undefined && after.top.generation > generation) {
          await fsp.rm(path.join(dir, String(generation)), { force: true });
          continue;
        }
        await cleanup(dir, after.names, generation);
        const file = path.join(dir, String(generation));
        return async () => {
          await fsp.rename(file, `${file}.released`);
        };
      }
      delay = 0.5;
      continue;
    }
    if (performance.now() > deadline) {
      throw new EvidenceError('LEDGER_LOCK_TIMEOUT', `timed out waiting for the ledger lock`, {
        path: path.join(dir, String(current?.generation)),
        hint: 'another specgate process holds it; if that process is gone (e.g. on another host), delete this file',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
    delay = Math.min(delay * 2, 16);
  }
}

export async function withLock<T>(dir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(dir, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
