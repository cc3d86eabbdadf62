// Runs child processes in their own process group (detached) so that a timeout, an abort or a
// SIGINT to specgate kills the whole tree: test runners love to spawn grandchildren.
import { spawn } from 'node:child_process';
import type { ProcessResult, ProcessRunner, ProcessSpec } from '../core/ports.js';

/** Process groups of children still running, so a signal handler can kill them all. */
const liveGroups = new Set<number>();

/** Kills every process group this process started and that is still running. */
export function killAllChildGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of liveGroups) killGroup(pid, signal);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone: nothing to kill.
  }
}

const GRACE_MS = 2_000;

export class NodeProcessRunner implements ProcessRunner {
  run(spec: ProcessSpec): Promise<ProcessResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const args = spec.args ?? [];
      const child = spec.shell
        ? spawn('/bin/sh', ['-c', [spec.command, ...args].join(' ')], {
            cwd: spec.cwd,
            env: spec.env,
            detached: true,
            stdio: ['pipe', 'pipe', 'pipe'],
          })
        : spawn(spec.command, args, {
            cwd: spec.cwd,
            env: spec.env,
            detached: true,
            stdio: ['pipe', 'pipe', 'pipe'],
          });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let aborted = false;
      let killTimer: NodeJS.Timeout | undefined;
      const pid = child.pid;
      if (pid !== undefined) liveGroups.add(pid);

      const terminate = (): void => {
        if (pid === undefined) return;
        killGroup(pid, 'SIGTERM');
        killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), GRACE_MS);
        killTimer.unref();
      };
      const timer =
        spec.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              terminate();
            }, spec.timeoutMs);
      const onAbort = (): void => {
        aborted = true;
        terminate();
      };
      if (spec.signal?.aborted) onAbort();
      spec.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        spec.onOutput?.(chunk, 'stdout');
      });
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        spec.onOutput?.(chunk, 'stderr');
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(spec.input ?? '');
      child.on('error', (error) => {
        if (timer) clearTimeout(timer);
        if (pid !== undefined) liveGroups.delete(pid);
        spec.signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      child.on('close', (exitCode, signal) => {
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        // The leader is gone; make sure no grandchild survives it in the group.
        if (pid !== undefined) {
          killGroup(pid, 'SIGKILL');
          liveGroups.delete(pid);
        }
        spec.signal?.removeEventListener('abort', onAbort);
        resolve({
          exitCode,
          signal,
          stdout,
          stderr,
          durationMs: performance.now() - started,
          timedOut,
          aborted,
        });
      });
    });
  }
}
