// How a lock waiter sleeps between attempts (src/adapters/fs/lock.ts).
import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';

/**
 * Waiters sleep until the lock file appears or goes (inotify via fs.watch) or a short timeout
 * passes, instead of spinning: with 20 processes appending, polling wastes the CPU the holder needs.
 */
export class LockWaiter {
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  constructor(lockFile: string) {
    const name = path.basename(lockFile);
    try {
      this.watcher = watch(path.dirname(lockFile), { persistent: false }, (event, file) => {
        if (event === 'rename' && (file === null || file === name)) this.wake?.();
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
