// One deploy (or rollback) at a time per project: two switching staging at once would each
// believe the other's release is "previous". The lock is a file created with O_EXCL holding the
// owner's pid; a lock whose owner is gone (crash, kill -9) is taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import { ensureStateDir } from './control.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` holding `.specgate/deploy.lock`; refuses (exit 3) while another live deploy holds it. */
export async function withDeployLock<T>(root: string, what: string, work: () => Promise<T>): Promise<T> {
  const file = path.join(ensureStateDir(root), 'deploy.lock');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() }));
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      let owner: { pid?: number; what?: string; since?: string } = {};
      try {
        owner = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        // Half-written by a process that died mid-write: treat as stale.
      }
      if (typeof owner.pid === 'number' && owner.pid !== process.pid && alive(owner.pid)) {
        throw new DeployError('DEPLOY_IN_PROGRESS', `another ${owner.what ?? 'deploy'} (pid ${owner.pid}, since ${owner.since ?? '?'}) is changing staging`, {
          path: path.relative(root, file),
          hint: 'wait for it to finish, then try again',
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
