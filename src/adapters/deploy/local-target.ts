// The local staging target: each release runs under the project's supervisor beside the one that
// serves, is probed directly on its own port until healthy and stable, and only then receives
// staging traffic through the proxy. A failure switches back (or never switches), so a failed
// deploy never takes staging down.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assessHealth, isPassing, type HealthSample } from '../../core/deploy/health.js';
import type { Candidate, DeployTarget, ReadinessOutcome, ReleaseRef, ServingRelease } from '../../core/deploy/ports.js';
import type { LocalTargetOptions } from '../../core/deploy/staging-ports.js';
import type { ResourceMeasurement } from '../../core/deploy/resources.js';
import { stateDir, type SupervisorClient } from './control.js';
import { ensureSupervisor } from './launch.js';
import type { ServiceStatus } from './service.js';
import { installRelease } from './tar.js';
import { currentProcess } from '../evidence/process-identity.js';

/** Release folders kept under .specgate/releases/ besides the serving and previous ones. */
const KEEP_RELEASES = 5;

export type { LocalTargetOptions };

export function releaseDir(root: string, releaseId: string): string {
  return path.join(stateDir(root), 'releases', releaseId);
}

export class LocalTarget implements DeployTarget {
  readonly name = 'local' as const;
  readonly stagingUrl: string;
  private client: SupervisorClient | undefined;
  private replaced: ServingRelease | undefined;

  constructor(private readonly options: LocalTargetOptions) {
    this.stagingUrl = `http://${options.host}:${options.port}`;
  }

  private async supervisor(): Promise<SupervisorClient> {
    this.client ??= await ensureSupervisor(this.options.root, this.options.host, this.options.port, this.options.signal);
    return this.client;
  }

  async current(): Promise<ServingRelease | undefined> {
    const state = await (await this.supervisor()).state();
    if (state.serving === null) return undefined;
    const { releaseId, runId, featureSha, since } = state.serving;
    this.replaced = { releaseId, runId, featureSha, since };
    return this.replaced;
  }

  async start(release: ReleaseRef, attempt: number): Promise<Candidate> {
    const dir = releaseDir(this.options.root, release.releaseId);
    if (this.options.archive !== undefined && !fs.existsSync(dir)) {
      fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
      await installRelease(this.options.archive, dir);
    }
    const status = await (await this.supervisor()).startService({
      ...release,
      dir,
      command: this.options.command,
      env: this.options.env,
      ...(this.options.redaction === undefined ? {} : { redaction: this.options.redaction }),
      memoryLimitBytes: this.options.memoryLimitBytes,
      owner: currentProcess(),
    });
    return { release, attempt, endpoint: `http://127.0.0.1:${status.port}` };
  }

  private async status(candidate: Candidate): Promise<ServiceStatus | undefined> {
    return (await this.supervisor()).service(candidate.release.releaseId);
  }

  async awaitHealthy(candidate: Candidate, onSample: (sample: HealthSample) => void): Promise<ReadinessOutcome> {
    const { health, probe, clock, signal } = this.options;
    const samples: HealthSample[] = [];
    const started = clock.monotonicMs();
    for (;;) {
      const dead = await this.exitOutcome(candidate);
      if (dead) return dead;
      const time = clock.now().toISOString();
      const elapsedMs = clock.monotonicMs() - started;
      const answer = await probe.probe(`${candidate.endpoint}${health.path}`, health.timeoutSeconds * 1000);
      const sample: HealthSample = {
        time,
        elapsedMs: Math.round(elapsedMs),
        status: answer.status,
        latencyMs: answer.latencyMs,
        ok: isPassing(answer.status, health),
        ...(answer.error === undefined ? {} : { error: answer.error }),
      };
      samples.push(sample);
      onSample(sample);
      const verdict = assessHealth(samples, health, clock.monotonicMs() - started);
      if (verdict.state === 'healthy') {
        // A last look: a service that died right after its last good answer is not healthy.
        return (await this.exitOutcome(candidate)) ?? { kind: 'healthy', reason: verdict.reason };
      }
      if (verdict.state === 'unhealthy') return (await this.exitOutcome(candidate)) ?? { kind: 'unhealthy', reason: verdict.reason };
      await sleep(health.intervalSeconds * 1000, undefined, signal ? { signal } : {});
    }
  }

  /** How the candidate ended, if it did. */
  async exitOutcome(candidate: Candidate): Promise<ReadinessOutcome | undefined> {
    const status = await this.status(candidate);
    if (status === undefined) return { kind: 'crashed', reason: 'the service is not known to the supervisor' };
    if (status.running) return undefined;
    if (status.stoppedFor?.startsWith('memory limit')) return { kind: 'memory-limit', reason: status.stoppedFor };
    if (status.stoppedFor?.startsWith('could not start')) return { kind: 'start-failed', reason: status.stoppedFor };
    const how = status.signal === null ? `exit code ${status.exitCode ?? '?'}` : `signal ${status.signal}`;
    return { kind: 'crashed', reason: `the service exited (${how}); its output is in .specgate/releases/${candidate.release.releaseId}.log` };
  }

  async promote(candidate: Candidate): Promise<void> {
    await (await this.supervisor()).switchTo(candidate.release.releaseId);
  }

  async abandon(candidate: Candidate): Promise<void> {
    const client = await this.supervisor();
    const state = await client.state();
    if (state.serving?.releaseId === candidate.release.releaseId && this.replaced !== undefined) {
      // The previous release never stopped: switching back is one pointer swap.
      await client.switchTo(this.replaced.releaseId);
    }
    await client.stopService(candidate.release.releaseId, 'deploy attempt failed');
  }

  async finish(candidate: Candidate): Promise<void> {
    if (this.replaced === undefined || this.replaced.releaseId === candidate.release.releaseId) return;
    // Let requests already on their way to the old release finish before stopping it.
    await sleep(500);
    await (await this.supervisor()).stopService(this.replaced.releaseId, `replaced by ${candidate.release.releaseId}`).catch(() => undefined);
    await this.prune([candidate.release.releaseId, this.replaced.releaseId]);
  }

  /** Keeps the serving and previous releases plus the newest few; older release folders go. */
  private async prune(keep: readonly string[]): Promise<void> {
    const dir = path.join(stateDir(this.options.root), 'releases');
    const installed = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    const old = installed.slice(0, Math.max(0, installed.length - KEEP_RELEASES)).filter((name) => !keep.includes(name));
    for (const name of old) {
      await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
      await fs.promises.rm(path.join(dir, `${name}.log`), { force: true });
    }
  }

  async usage(candidate: Candidate): Promise<ResourceMeasurement | undefined> {
    const status = await this.status(candidate);
    if (status === undefined || status.usage.samples === 0) return undefined;
    return {
      ...status.usage,
      ...(status.stoppedFor?.startsWith('memory limit') ? { stoppedFor: status.stoppedFor } : {}),
    };
  }

  async clear(): Promise<void> {
    const client = await this.supervisor();
    const state = await client.state();
    if (state.serving !== null) return;
    await client.shutdown();
    // Return only once it is gone, so "nothing serving" is true when the caller reports it.
    for (let waited = 0; waited < 10_000 && (await client.ping()) !== undefined; waited += 50) await sleep(50);
  }
}
