// /proc readings of a real process tree: a shell whose child burns CPU and holds memory.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readTreeUsage } from './proc-usage.js';

describe('readTreeUsage', () => {
  it('sums RSS and CPU over the whole tree, and says when the root is gone', async () => {
    const script = 'const b = Buffer.alloc(64 * 1024 * 1024, 1); const end = Date.now() + 4000; while (Date.now() < end) {} void b;';
    const shell = spawn('/bin/sh', ['-c', `${process.execPath} -e "${script}"; exit 0`], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 1200));
      const first = readTreeUsage(shell.pid!)!;
      expect(first.pids.length).toBeGreaterThanOrEqual(2); // the shell and node
      expect(first.pids).toContain(shell.pid);
      expect(first.rssBytes).toBeGreaterThan(64 * 1024 * 1024);
      await new Promise((r) => setTimeout(r, 1000));
      const second = readTreeUsage(shell.pid!)!;
      // A busy loop for one more second: at least a few hundred ms of CPU were added.
      expect(second.cpuSeconds - first.cpuSeconds).toBeGreaterThan(0.2);
    } finally {
      shell.kill('SIGKILL');
      await new Promise((r) => shell.on('close', r));
    }
    expect(readTreeUsage(shell.pid!)).toBeUndefined();
  });
});
