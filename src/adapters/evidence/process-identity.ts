// Who holds a lock or runs a run, precisely enough to tell a dead holder from a live one: pid,
// hostname and the process start time (boot id + start ticks from /proc, so a reused pid after
// the holder died, or after a reboot, is not mistaken for the holder).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { RunProcess } from '../../core/evidence/manifest.js';

let bootId: string | undefined;
function readBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/** `/proc/<pid>/stat` fields after the command name, or undefined when the process is gone. */
function procStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start identity of a process, '' where /proc is not available. */
export function processStartTime(pid: number): string {
  const fields = procStat(pid);
  // After ')': field 3 (state) is index 0, field 22 (starttime) is index 19.
  const ticks = fields?.[19];
  return ticks === undefined ? '' : `${readBootId()}:${ticks}`;
}

export function currentProcess(): RunProcess {
  return { pid: process.pid, hostname: hostname(), startTime: processStartTime(process.pid) };
}

/**
 * False only when we can be sure the process is gone: same host, and the pid is dead, a zombie,
 * or now belongs to a process that started at another time. A holder on another host is assumed
 * alive (we cannot look), which is why lock timeouts name the lock file.
 */
export function isProcessAlive(holder: RunProcess): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const fields = procStat(holder.pid);
  if (fields === undefined) return process.platform !== 'linux';
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  if (holder.startTime === '') return true;
  return processStartTime(holder.pid) === holder.startTime;
}
