// The memory watchdog on a real process tree: a service that idles small, then grows past its
// limit, is killed whole; the test prints the measured enforcement latency (limit crossed → group
// killed) and only bounds it by a generous polling deadline, never by a timed assertion.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { IDLE_SAMPLE_MS, ServiceProcess, nextSampleDelay } from './service.js';
import { readTreeUsage } from './proc-usage.js';

const MI = 1024 * 1024;

describe('ServiceProcess memory watchdog', () => {
  it('samples rarely while far below the limit and at full rate near it', () => {
    expect(nextSampleDelay(10 * MI, 100 * MI, 100)).toBe(IDLE_SAMPLE_MS);
    expect(nextSampleDelay(50 * MI, 100 * MI, 100)).toBe(100);
    expect(nextSampleDelay(99 * MI, 100 * MI, 100)).toBe(100);
  });

  it('kills the whole tree once its RSS passes the limit, and reports the latency', async () => {
    const dir = tempDir('specgate-watchdog-');
    const marker = path.join(dir, 'crossed');
    // Idle (small) until told to grow; then records when it starts and allocates 160 MiB at once.
    // The watchdog may kill it mid-allocation: the latency measured is from the start of growth,
    // an upper bound of the time from crossing the limit to the kill.
    const script = [
      `process.on('SIGUSR2', () => { require('fs').writeFileSync(${JSON.stringify(marker)}, String(performance.timeOrigin + performance.now())); const b = Buffer.alloc(160 * 1024 * 1024, 1); setInterval(() => b[0]++, 1000); });`,
      `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'ready'))}, ''); setInterval(() => {}, 1000);`,
    ].join(' ');
    fs.writeFileSync(path.join(dir, 'service.cjs'), script);
    const service = new ServiceProcess({ releaseId: 'r1', dir, command: `exec ${process.execPath} service.cjs`, port: 0, env: {}, memoryLimitBytes: 100 * MI, logFile: path.join(dir, 'log'), sampleIntervalMs: 100 });
    const wait = { timeout: 30_000, interval: 20 };
    try {
      const pid = await vi.waitFor(() => {
        const usage = readTreeUsage(service.status().pid!);
        expect(fs.existsSync(path.join(dir, 'ready'))).toBe(true); // node is up, idle, listening for the signal
        return usage!.pids.at(-1)!;
      }, wait);
      process.kill(pid, 'SIGUSR2');
      await vi.waitFor(() => expect(service.running).toBe(false), wait);
      const killedAt = performance.timeOrigin + performance.now();
      const grewAt = Number(fs.readFileSync(marker, 'utf8'));
      console.log(`memory watchdog: growth past the limit started → tree killed in ${(killedAt - grewAt).toFixed(0)} ms (idle sampling every ${IDLE_SAMPLE_MS} ms, 100 ms near the limit)`);
      expect(service.status().stoppedFor).toMatch(/^memory limit exceeded: RSS .* limit 100\.0 Mi$/);
      expect(service.status().signal).toBe('SIGKILL');
    } finally {
      await service.stop('test over', 100);
    }
  });
});
