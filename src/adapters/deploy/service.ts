// One release's service process under the supervisor: started through the shell in its release
// directory with PORT set, in its own process group, watched by an RSS watchdog that stops the whole
// tree when it passes the memory limit and records why. CPU is sampled for the report, not enforced.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readTreeUsage } from './proc-usage.js';
import { DEFAULT_SECRET_NAME_PATTERN } from '../../core/config/sections/redaction.js';
import { Redactor, secretsIn, type SecretPolicy } from '../../core/security/redact.js';
import { killGroup } from '../process-runner.js';

const PEAK_WINDOW_MS = 1000;
/**
 * Sampling is adaptive: while the tree's RSS is below half its limit a sample every IDLE_SAMPLE_MS
 * (an idle staging then costs well under 0.5% of a core), at or above half every
 * `spec.sampleIntervalMs`. A crossing of the limit is therefore seen at most IDLE_SAMPLE_MS after
 * it happens, inside the 1 s enforcement promise (the deploy tests measure the latency).
 */
export const IDLE_SAMPLE_MS = 500;

/** Delay before the next sample, from how close the last one was to the limit. */
export function nextSampleDelay(rssBytes: number, limitBytes: number, fastestMs: number): number {
  return rssBytes >= limitBytes / 2 ? fastestMs : Math.max(fastestMs, IDLE_SAMPLE_MS);
}

export interface ServiceSpec {
  readonly releaseId: string;
  readonly dir: string;
  readonly command: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly memoryLimitBytes: number;
  readonly logFile: string;
  /** Which of `env` are secrets; the default policy when absent. */
  readonly redaction?: SecretPolicy;
  readonly sampleIntervalMs: number;
}

export interface UsageWindow {
  readonly windowSeconds: number;
  readonly samples: number;
  readonly peakRssBytes: number;
  readonly cpuMean: number;
  readonly cpuPeak: number;
}

export interface ServiceStatus {
  readonly releaseId: string;
  readonly pid: number | null;
  readonly port: number;
  readonly running: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stoppedFor: string | null;
  readonly startedAt: string;
  readonly usage: UsageWindow;
}

/**
 * The service's output reaches its log only through a Redactor (one per stream, so a line split
 * across chunks is still caught): a service that prints its environment leaks no secret.
 */
function pipeRedacted(child: ChildProcess, spec: ServiceSpec): void {
  const log = fs.createWriteStream(spec.logFile, { flags: 'a', mode: 0o600 });
  const secrets = secretsIn(spec.env, spec.redaction ?? { namePattern: DEFAULT_SECRET_NAME_PATTERN, names: [] });
  let open = 2;
  for (const stream of [child.stdout, child.stderr]) {
    const redactor = new Redactor(secrets);
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => log.write(redactor.push(chunk)));
    stream?.on('end', () => {
      log.write(redactor.flush());
      open -= 1;
      if (open === 0) log.end();
    });
  }
}

export class ServiceProcess {
  private readonly child: ChildProcess;
  private readonly started = performance.now();
  readonly startedAt = new Date().toISOString();
  private exit: { code: number | null; signal: string | null } | undefined;
  private stoppedFor: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private peakRss = 0;
  private samples = 0;
  private cpuPeak = 0;
  private firstCpu: { at: number; cpu: number } | undefined;
  private lastCpu: { at: number; cpu: number } | undefined;
  private peakWindowStart: { at: number; cpu: number } | undefined;
  readonly exited: Promise<void>;

  constructor(readonly spec: ServiceSpec) {
    this.child = spawn('/bin/sh', ['-c', spec.command], {
      cwd: spec.dir,
      env: { ...spec.env, PORT: String(spec.port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeRedacted(this.child, spec);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        clearTimeout(this.timer);
        this.killGroup('SIGKILL');
        resolve();
      });
      this.child.on('error', (error) => {
        this.exit = { code: null, signal: null };
        this.stoppedFor = `could not start: ${error.message}`;
        clearTimeout(this.timer);
        resolve();
      });
    });
    this.sample();
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  private sample(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exit !== undefined) return;
    const usage = readTreeUsage(pid);
    this.timer = setTimeout(() => this.sample(), nextSampleDelay(usage?.rssBytes ?? 0, this.spec.memoryLimitBytes, this.spec.sampleIntervalMs));
    if (usage === undefined) return;
    const at = performance.now();
    this.samples += 1;
    this.peakRss = Math.max(this.peakRss, usage.rssBytes);
    // Peak CPU over windows of at least one second: /proc counts in 10 ms ticks, so shorter
    // windows would report noise (a single tick in 100 ms reads as 0.1 core).
    this.peakWindowStart ??= { at, cpu: usage.cpuSeconds };
    if (at - this.peakWindowStart.at >= PEAK_WINDOW_MS) {
      this.cpuPeak = Math.max(this.cpuPeak, (usage.cpuSeconds - this.peakWindowStart.cpu) / ((at - this.peakWindowStart.at) / 1000));
      this.peakWindowStart = { at, cpu: usage.cpuSeconds };
    }
    this.firstCpu ??= { at, cpu: usage.cpuSeconds };
    this.lastCpu = { at, cpu: usage.cpuSeconds };
    if (usage.rssBytes > this.spec.memoryLimitBytes && this.stoppedFor === null) {
      const mi = (b: number): string => (b / 1024 / 1024).toFixed(1);
      this.stoppedFor = `memory limit exceeded: RSS of the service's process tree reached ${mi(usage.rssBytes)} Mi, limit ${mi(this.spec.memoryLimitBytes)} Mi`;
      this.killGroup('SIGKILL');
    }
  }

  private killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid, signal);
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period. */
  /** True once someone asked it to stop (as opposed to a crash or the watchdog). */
  stopRequested = false;

  async stop(reason: string, graceMs = 2000): Promise<void> {
    this.stopRequested = true;
    if (this.exit !== undefined) return;
    this.stoppedFor ??= reason;
    this.killGroup('SIGTERM');
    const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  status(): ServiceStatus {
    const first = this.firstCpu;
    const last = this.lastCpu;
    const span = first && last ? (last.at - first.at) / 1000 : 0;
    return {
      releaseId: this.spec.releaseId,
      pid: this.child.pid ?? null,
      port: this.spec.port,
      running: this.running,
      exitCode: this.exit?.code ?? null,
      signal: this.exit?.signal ?? null,
      stoppedFor: this.stoppedFor,
      startedAt: this.startedAt,
      usage: {
        windowSeconds: (performance.now() - this.started) / 1000,
        samples: this.samples,
        peakRssBytes: this.peakRss,
        cpuMean: first && last && span > 0 ? (last.cpu - first.cpu) / span : 0,
        cpuPeak: Math.max(this.cpuPeak, first && last && span > 0 && span * 1000 < PEAK_WINDOW_MS ? (last.cpu - first.cpu) / span : 0),
      },
    };
  }
}
