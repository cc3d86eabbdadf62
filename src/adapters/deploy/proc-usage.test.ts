// /proc readings of a real process tree: a shell whose child burns CPU and holds memory.
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { readTreeUsage } from './proc-usage.js';

describe('readTreeUsage', () => {
  it('sums RSS and CPU over the whole tree, and says when the root is gone', async () => {
    // Busy until killed: the test waits for real readings (with a deadline), never for a fixed time.
    const script = 'const b = Buffer.alloc(64 * 1024 * 1024, 1); for (;;) { void b; }';
    const shell = spawn('/bin/sh', ['-c', `${process.execPath} -e "${script}"; exit 0`], { stdio: 'ignore' });
    const wait = { timeout: 30_000, interval: 50 };
    try {
      const first = await vi.waitFor(() => {
        const usage = readTreeUsage(shell.pid!)!;
        expect(usage.pids.length).toBeGreaterThanOrEqual(2); // the shell and node
        expect(usage.rssBytes).toBeGreaterThan(64 * 1024 * 1024);
        return usage;
      }, wait);
      expect(first.pids).toContain(shell.pid);
      // A busy loop keeps adding CPU time to the tree: the sum grows past the first reading.
      await vi.waitFor(() => expect(readTreeUsage(shell.pid!)!.cpuSeconds - first.cpuSeconds).toBeGreaterThan(0.2), wait);
    } finally {
      // The busy child never ends by itself: kill the whole tree, child first.
      for (const pid of (readTreeUsage(shell.pid!)?.pids ?? []).filter((p) => p !== shell.pid)) process.kill(pid, 'SIGKILL');
      shell.kill('SIGKILL');
      await new Promise((r) => shell.on('close', r));
    }
    expect(readTreeUsage(shell.pid!)).toBeUndefined();
  });
});
