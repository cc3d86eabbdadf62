// The ledger lock against real processes: a dead holder's lock is broken, a live holder's never,
// and an empty lock (creator between open and write) only after its grace period.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { acquireLock } from './lock.js';
import { currentProcess, isProcessAlive, processStartTime } from '../evidence/process-identity.js';

function deadPid(): number {
  // A process that has exited and been reaped: its pid is free (or reused by a younger process).
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

describe('process identity', () => {
  it('tells live, dead and reused pids apart', () => {
    expect(isProcessAlive(currentProcess())).toBe(true);
    expect(isProcessAlive({ pid: deadPid(), hostname: hostname(), startTime: '' })).toBe(false);
    expect(isProcessAlive({ ...currentProcess(), startTime: `${processStartTime(process.pid)}0` })).toBe(false);
    expect(isProcessAlive({ pid: 1, hostname: 'another-host', startTime: 'x' })).toBe(true);
  });
});

describe('the shared lock (ledger, run evidence, worktrees, deploys)', () => {
  it('breaks the lock of a dead holder and takes it', async () => {
    const file = path.join(tempDir(), '.locks', 'ledger.lock');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `${JSON.stringify({ pid: deadPid(), hostname: hostname(), startTime: '', nonce: 'x' })}\n`);
    const release = await acquireLock(file, { timeoutMs: 5_000 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it('never breaks a live holder: times out naming the lock file', async () => {
    const file = path.join(tempDir(), 'ledger.lock');
    const parent = { pid: process.ppid, hostname: hostname(), startTime: processStartTime(process.ppid), nonce: 'y' };
    fs.writeFileSync(file, `${JSON.stringify(parent)}\n`);
    await expect(acquireLock(file, { timeoutMs: 150 })).rejects.toMatchObject({ code: 'LEDGER_LOCK_TIMEOUT', path: file });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.ppid });
  });

  it('says once, naming the holder, when it starts waiting for a live holder; never for a free lock', async () => {
    const file = path.join(tempDir(), 'ledger.lock');
    const waits: unknown[] = [];
    const first = await acquireLock(file, { onWait: (holder) => waits.push(holder) });
    expect(waits).toEqual([]);
    const second = acquireLock(file, { onWait: (holder) => waits.push(holder) });
    // Released only after the waiter has reported: the order is fixed by the event, not by time.
    const deadline = Date.now() + 10_000;
    while (waits.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(waits).toEqual([expect.objectContaining({ pid: process.pid })]);
    await first();
    await (await second)();
    expect(waits).toHaveLength(1);
  });

  it('gives an empty lock a grace period, then breaks it', async () => {
    const file = path.join(tempDir(), 'ledger.lock');
    fs.writeFileSync(file, '');
    await expect(acquireLock(file, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'LEDGER_LOCK_TIMEOUT' });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const release = await acquireLock(file, { timeoutMs: 5_000 });
    await release();
  });

  it('serialises holders within one process too', async () => {
    const file = path.join(tempDir(), 'ledger.lock');
    let inside = 0;
    let overlap = false;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await acquireLock(file);
        inside += 1;
        if (inside > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 2));
        inside -= 1;
        await release();
      }),
    );
    expect(overlap).toBe(false);
  });
});
