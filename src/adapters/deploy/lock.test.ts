// The deploy lock is the shared safe lock (src/adapters/fs/lock.ts) in refuse-at-once mode.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { processStartTime } from '../evidence/process-identity.js';
import { withDeployLock } from './lock.js';

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function writeHolder(root: string, pid: number, what: string): void {
  fs.mkdirSync(path.join(root, '.specgate'), { recursive: true });
  const startTime = pid === process.ppid ? processStartTime(pid) : '';
  fs.writeFileSync(path.join(root, '.specgate/deploy.lock'), JSON.stringify({ pid, hostname: hostname(), startTime, nonce: 'n', what, since: 'now' }));
}

describe('withDeployLock', () => {
  it('refuses while a live process holds the lock, and releases it afterwards', async () => {
    const root = tempDir();
    let inner: unknown;
    await withDeployLock(root, 'deploy A', async () => {
      expect(JSON.parse(fs.readFileSync(path.join(root, '.specgate/deploy.lock'), 'utf8'))).toMatchObject({ pid: process.pid, what: 'deploy A' });
      // Another holder: the lock file names a live process that is not us (our parent).
      writeHolder(root, process.ppid, 'deploy B');
      inner = await withDeployLock(root, 'deploy C', () => Promise.resolve('ran')).catch((e: unknown) => e);
    });
    expect(inner).toMatchObject({ code: 'DEPLOY_IN_PROGRESS', exitCode: 3, message: expect.stringContaining('deploy B') });
    expect(fs.existsSync(path.join(root, '.specgate/deploy.lock'))).toBe(false);
  });

  it('takes over a lock whose owner is dead, and releases it when the work throws', async () => {
    const root = tempDir();
    writeHolder(root, deadPid(), 'crashed deploy');
    await expect(withDeployLock(root, 'deploy', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(path.join(root, '.specgate/deploy.lock'))).toBe(false);
    expect(await withDeployLock(root, 'deploy', () => Promise.resolve(42))).toBe(42);
  });

  it('deploys racing over a dead holder\'s lock: never two inside, the losers are refused', async () => {
    const root = tempDir();
    writeHolder(root, deadPid(), 'crashed deploy');
    let inside = 0;
    let overlap = false;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withDeployLock(root, `deploy ${i}`, async () => {
          inside += 1;
          if (inside > 1) overlap = true;
          await new Promise((r) => setTimeout(r, 20));
          inside -= 1;
          return 'ran';
        }).catch((e: unknown) => (e as { code?: string }).code),
      ),
    );
    expect(overlap).toBe(false);
    expect(outcomes).toContain('ran');
    expect(new Set(outcomes)).toEqual(new Set(outcomes.filter((o) => o === 'ran' || o === 'DEPLOY_IN_PROGRESS')));
    expect(fs.existsSync(path.join(root, '.specgate/deploy.lock'))).toBe(false);
  });
});
