// Runs child processes in their own process group (detached) so that a timeout, an abort or a
// SIGINT to specgate kills the whole tree: test runners love to spawn grandchildren.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

/** Starts the child as the leader of a new process group, every stream piped. */
function spawnDetached(spec: ProcessSpec): ChildProcessWithoutNullStreams {
  const options = { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] as ('pipe')[] };
  const args = spec.args ?? [];
  return spec.shell ? spawn('/bin/sh', ['-c', [spec.command, ...args].join(' ')], options) : spawn(spec.command, args, options);
}

/** Why a child was stopped early, and the timers and listener to clear once it is gone. */
interface Stopper {
  readonly timedOut: () => boolean;
  readonly aborted: () => boolean;
  readonly disarm: () => void;
}

/**
 * Arms the timeout and the abort signal: either sends SIGTERM to the whole group, then SIGKILL
 * after a grace period for whatever ignored it.
 */
function armStop(spec: ProcessSpec, pid: number | undefined): Stopper {
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const terminate = (): void => {
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), GRACE_MS);
    killTimer.unref();
  };
  const onTimeout = (): void => {
    timedOut = true;
    terminate();
  };
  const timer = spec.timeoutMs === undefined ? undefined : setTimeout(onTimeout, spec.timeoutMs);
  const onAbort = (): void => {
    aborted = true;
    terminate();
  };
  if (spec.signal?.aborted) onAbort();
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    timedOut: () => timedOut,
    aborted: () => aborted,
    disarm: () => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Accumulates stdout and stderr as text, forwarding each chunk to `onOutput` as it arrives. */
function collectOutput(child: ChildProcessWithoutNullStreams, spec: ProcessSpec): { stdout: () => string; stderr: () => string } {
  const text = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk: string) => {
      text[stream] += chunk;
      spec.onOutput?.(chunk, stream);
    });
  }
  return { stdout: () => text.stdout, stderr: () => text.stderr };
}

export class NodeProcessRunner implements ProcessRunner {
  run(spec: ProcessSpec): Promise<ProcessResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawnDetached(spec);
      const pid = child.pid;
      if (pid !== undefined) liveGroups.add(pid);
      const stop = armStop(spec, pid);
      const output = collectOutput(child, spec);
      child.stdin.on('error', () => undefined);
      child.stdin.end(spec.input ?? '');
      child.on('error', (error) => {
        stop.disarm();
        if (pid !== undefined) liveGroups.delete(pid);
        reject(error);
      });
      child.on('close', (exitCode, signal) => {
        stop.disarm();
        // The leader is gone; make sure no grandchild survives it in the group.
        if (pid !== undefined) {
          killGroup(pid, 'SIGKILL');
          liveGroups.delete(pid);
        }
        resolve({ exitCode, signal, stdout: output.stdout(), stderr: output.stderr(), durationMs: performance.now() - started, timedOut: stop.timedOut(), aborted: stop.aborted() });
      });
    });
  }
}
