import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { withDeployLock } from './lock.js';

describe('withDeployLock', () => {
  it('refuses while a live process holds the lock, and releases it afterwards', async () => {
    const root = tempDir();
    let inner: unknown;
    await withDeployLock(root, 'deploy A', async () => {
      expect(JSON.parse(fs.readFileSync(path.join(root, '.specgate/deploy.lock'), 'utf8'))).toMatchObject({ pid: process.pid, what: 'deploy A' });
      // Another holder: the lock file names a live pid that is not us (our parent).
      fs.writeFileSync(path.join(root, '.specgate/deploy.lock'), JSON.stringify({ pid: process.ppid, what: 'deploy B', since: 'now' }));
      inner = await withDeployLock(root, 'deploy C', () => Promise.resolve('ran')).catch((e: unknown) => e);
    });
    expect(inner).toMatchObject({ code: 'DEPLOY_IN_PROGRESS', exitCode: 3, message: expect.stringContaining('deploy B') });
    expect(fs.existsSync(path.join(root, '.specgate/deploy.lock'))).toBe(false);
  });

  it('takes over a lock whose owner is dead, and releases it when the work throws', async () => {
    const root = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.mkdirSync(path.join(root, '.specgate'));
    fs.writeFileSync(path.join(root, '.specgate/deploy.lock'), JSON.stringify({ pid: Number(dead), what: 'crashed deploy' }));
    await expect(withDeployLock(root, 'deploy', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(path.join(root, '.specgate/deploy.lock'))).toBe(false);
    expect(await withDeployLock(root, 'deploy', () => Promise.resolve(42))).toBe(42);
  });
});
