// One deploy (or rollback) at a time per project: two switching staging at once would each
// believe the other's release is "previous". The lock is the shared safe lock (src/adapters/fs/lock.ts):
// a lock whose holder is gone (crash, kill -9) is taken over, a live holder's never.
import * as path from 'node:path';
import { DeployError } from '../../core/deploy/errors.js';
import { withLock } from '../fs/lock.js';
import { ensureStateDir } from './control.js';

/** Runs `work` holding `.specgate/deploy.lock`; refuses at once (exit 3) while another live deploy holds it. */
export function withDeployLock<T>(root: string, what: string, work: () => Promise<T>): Promise<T> {
  const file = path.join(ensureStateDir(root), 'deploy.lock');
  return withLock(file, work, {
    timeoutMs: 0,
    what,
    busy: (holder) =>
      new DeployError('DEPLOY_IN_PROGRESS', `another ${holder?.what ?? 'deploy'} (pid ${holder?.pid ?? '?'}, since ${holder?.since ?? '?'}) is changing staging`, {
        path: path.relative(root, file),
        hint: 'wait for it to finish, then try again',
      }),
  });
}
