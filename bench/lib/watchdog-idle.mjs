// Measures the CPU a staging watchdog costs while the service idles: starts an idle service
// (`sleep`) and samples it for SECONDS, then prints this process's CPU as % of one core.
// Usage: node watchdog-idle.mjs adaptive|full-scan SECONDS
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './pairs.mjs';

const [mode, seconds] = [process.argv[2], Number(process.argv[3] ?? 10)];
const { ServiceProcess } = await import(path.join(REPO, 'dist/adapters/deploy/service.js'));
const { readTreeUsage } = await import(path.join(REPO, 'dist/adapters/deploy/proc-usage.js'));
const start = process.cpuUsage();
const t0 = performance.now();
let stop;
if (mode === 'adaptive') {
  // What the supervisor runs: adaptive sampling, tree walked through children files.
  const service = new ServiceProcess({ releaseId: 'bench', dir: os.tmpdir(), command: 'exec sleep 600', port: 0, env: {}, memoryLimitBytes: 512 * 1024 * 1024, logFile: '/dev/null', sampleIntervalMs: 100 });
  stop = () => service.stop('bench over', 100);
} else {
  // The previous watchdog: every 100 ms, every process on the machine read from /proc.
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  const timer = setInterval(() => readTreeUsage(child.pid, 'scan'), 100);
  stop = async () => {
    clearInterval(timer);
    child.kill('SIGKILL');
  };
}
await new Promise((r) => setTimeout(r, seconds * 1000));
const cpu = process.cpuUsage(start);
const wall = performance.now() - t0;
await stop();
process.stdout.write(`${JSON.stringify({ mode, percentOfCore: ((cpu.user + cpu.system) / 1000 / wall) * 100, wallMs: wall })}\n`);
