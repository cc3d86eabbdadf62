// Memory and CPU of a service's whole process tree, read from /proc (Linux): VmRSS from
// /proc/<pid>/status, utime+stime from /proc/<pid>/stat. The service is started through a shell,
// so the tree (every descendant of the pid we spawned) is what counts, not one process.
// The tree is walked down from the root through /proc/<pid>/task/<tid>/children, so a sample reads
// a handful of small files for the service's few processes instead of every process on the
// machine (the full /proc scan, kept as the fallback for kernels without children files, cost
// ~6% of a core at 10 samples a second).
import * as fs from 'node:fs';

/** /proc reports times in USER_HZ, which Linux fixes at 100 for user space. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface TreeUsage {
  readonly pids: readonly number[];
  readonly rssBytes: number;
  /** User + system CPU seconds of the live tree. */
  readonly cpuSeconds: number;
}

interface StatLine {
  readonly pid: number;
  readonly ppid: number;
  readonly ticks: number;
}

function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(ppid) || !Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { pid, ppid, ticks: utime + stime };
}

function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Direct children of `pid` from its threads' children files; undefined when unsupported. */
function childrenOf(pid: number): number[] | undefined {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined; // no CONFIG_PROC_CHILDREN
      continue; // the thread ended meanwhile
    }
    for (const word of text.split(' ')) if (word !== '') out.push(Number(word));
  }
  return out;
}

/** The tree below `rootPid` by children files, or undefined when the kernel has none. */
function walkDown(rootPid: number): StatLine[] | undefined {
  const root = readStat(rootPid);
  if (root === undefined) return [];
  const lines = [root];
  const seen = new Set([rootPid]);
  for (let i = 0; i < lines.length; i += 1) {
    const children = childrenOf(lines[i]!.pid);
    if (children === undefined) return undefined;
    for (const child of children) {
      if (seen.has(child)) continue;
      seen.add(child);
      const stat = readStat(child);
      if (stat) lines.push(stat);
    }
  }
  return lines;
}

/** Fallback: every process on the machine, then the tree by parent pids. */
function scanAll(rootPid: number): StatLine[] {
  const all: StatLine[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  if (!all.some((s) => s.pid === rootPid)) return [];
  const children = new Map<number, number[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const tree = new Set<number>([rootPid]);
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() ?? -1) ?? []) {
      if (!tree.has(child)) {
        tree.add(child);
        queue.push(child);
      }
    }
  }
  return all.filter((s) => tree.has(s.pid));
}

/** Usage of `rootPid` and all its descendants now; undefined when the root is gone. */
export function readTreeUsage(rootPid: number, how: 'walk' | 'scan' = 'walk'): TreeUsage | undefined {
  const tree = (how === 'walk' ? walkDown(rootPid) : undefined) ?? scanAll(rootPid);
  if (tree.length === 0) return undefined;
  let rssBytes = 0;
  let ticks = 0;
  for (const s of tree) {
    rssBytes += readRssBytes(s.pid);
    ticks += s.ticks;
  }
  return { pids: tree.map((s) => s.pid).sort((a, b) => a - b), rssBytes, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
}
