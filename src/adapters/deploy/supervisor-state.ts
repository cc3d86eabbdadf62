// What the staging supervisor (supervisor.ts) knows and does: the services it runs, which one
// serves, the rollback target, and .specgate/staging.json kept current (atomically). The control
// routes (supervisor-routes.ts) only translate requests into these methods.
import * as path from 'node:path';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { currentProcess, isProcessAlive, processStartTime } from '../evidence/process-identity.js';
import { writeFileAtomic } from '../node-fs.js';
import { stateFile, readStagingState, STAGING_STATE_SCHEMA_VERSION, type RecordedService, type ReleaseMeta, type StagingState, type StartServiceRequest } from './control.js';
import { freePort, log } from './supervisor-io.js';
import { ServiceProcess, type ServiceSpec, type ServiceStatus } from './service.js';

const SAMPLE_INTERVAL_MS = 100;
/** At most this many restarts of a crashed serving release within the window, then give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

interface Entry {
  service: ServiceProcess;
  readonly meta: ReleaseMeta;
  readonly spec: Omit<ServiceSpec, 'port'>;
  /**
   * The deploy responsible for it while it does not serve: the one that started it, or, once it
   * lost traffic to a candidate, the deploy that switched (it may switch back: smoke test failed).
   * A non-serving service whose deploy died is stopped (reapOrphans).
   */
  owner: RunProcess | undefined;
  /** Times (ms) of restarts after crashes while serving, for the backoff. */
  readonly restarts: number[];
}

function pick(m: ReleaseMeta): ReleaseMeta {
  return { releaseId: m.releaseId, runId: m.runId, featureSha: m.featureSha };
}

/** What staging.json records of a running service, for the startup sweep (supervisor-sweep.ts). */
function recorded(entry: Entry, self: RunProcess): RecordedService {
  const pid = entry.service.status().pid ?? 0;
  return { releaseId: entry.meta.releaseId, pid, hostname: self.hostname, startTime: processStartTime(pid) };
}

export class SupervisorState {
  readonly services = new Map<string, Entry>();
  serving: (StagingState['serving'] & object) | null = null;
  previous: ReleaseMeta | null;
  stopping = false;
  private readonly startedAt = new Date().toISOString();
  private readonly self = currentProcess();
  private writing = Promise.resolve();

  constructor(
    private readonly root: string,
    private readonly stateDir: string,
    private readonly proxy: { host: string; port: number; url: string },
  ) {
    const before = readStagingState(root);
    // After a restart nothing runs, but what served last is still the rollback target.
    this.previous = before?.serving ? pick(before.serving) : (before?.previous ?? null);
  }

  state(): StagingState {
    return {
      schemaVersion: STAGING_STATE_SCHEMA_VERSION,
      supervisor: { pid: process.pid, startedAt: this.startedAt, hostname: this.self.hostname, startTime: this.self.startTime },
      proxy: this.proxy,
      serving: this.serving,
      previous: this.previous,
      services: [...this.services.values()].filter((e) => e.service.running).map((e) => recorded(e, this.self)),
      updatedAt: new Date().toISOString(),
    };
  }

  persist(s: StagingState = this.state()): Promise<void> {
    this.writing = this.writing
      .then(() => writeFileAtomic(stateFile(this.root), `${JSON.stringify(s, null, 2)}\n`))
      .catch((error: unknown) => log('state-write-failed', { error: String(error) }));
    return this.writing;
  }

  /** Starts (or restarts, for a new attempt) a release's service on a free loopback port. */
  async start(body: StartServiceRequest): Promise<ServiceStatus> {
    const existing = this.services.get(body.releaseId);
    if (existing?.service.running) {
      if (this.serving?.releaseId === body.releaseId) throw new Conflict(`release ${body.releaseId} is serving staging; it cannot be started twice`);
      await existing.service.stop('replaced by a new attempt');
    }
    const spec = {
      releaseId: body.releaseId,
      dir: body.dir,
      command: body.command,
      env: body.env,
      ...(body.redaction === undefined ? {} : { redaction: body.redaction }),
      memoryLimitBytes: body.memoryLimitBytes,
      logFile: path.join(this.stateDir, 'releases', `${body.releaseId}.log`),
      sampleIntervalMs: SAMPLE_INTERVAL_MS,
    };
    const service = new ServiceProcess({ ...spec, port: await freePort('127.0.0.1') });
    const entry: Entry = { service, meta: pick(body), spec, owner: body.owner, restarts: [] };
    this.services.set(body.releaseId, entry);
    this.watch(entry);
    log('service-started', { releaseId: body.releaseId, pid: service.status().pid, port: service.status().port, ownerPid: body.owner?.pid });
    // Recorded before anyone hears of it: a supervisor killed from here on leaves a service the sweep finds.
    await this.persist();
    return service.status();
  }

  async stop(entry: Entry, reason: string): Promise<ServiceStatus> {
    // Stopping what serves (a failed first deploy) leaves nothing serving: the proxy answers 503.
    if (this.serving?.releaseId === entry.meta.releaseId) {
      this.serving = null;
      await this.persist();
    }
    await entry.service.stop(reason);
    this.services.delete(entry.meta.releaseId);
    log('service-stopped', { releaseId: entry.meta.releaseId, reason });
    await this.persist();
    return entry.service.status();
  }

  async switchTo(releaseId: string): Promise<StagingState> {
    const entry = this.services.get(releaseId);
    if (!entry?.service.running) throw new Conflict(`release ${releaseId} is not running`);
    if (this.serving?.releaseId !== releaseId) {
      if (this.serving !== null) {
        this.previous = pick(this.serving);
        // The release losing traffic is the rollback target of the deploy switching away from it
        // (its own deploy is long gone): it must live as long as that deploy, not be reaped now.
        const outgoing = this.services.get(this.serving.releaseId);
        if (outgoing !== undefined) outgoing.owner = entry.owner;
      }
      const status = entry.service.status();
      this.serving = { ...entry.meta, since: new Date().toISOString(), pid: status.pid, port: status.port };
      log('switched', { releaseId });
    }
    await this.persist();
    return this.state();
  }

  /**
   * Stops every service that does not serve and whose deploy is gone (kill -9 of `specgate run` or
   * `deploy` mid-attempt): nobody is left to judge, switch or stop it, so it would run forever.
   */
  async reapOrphans(): Promise<void> {
    for (const entry of [...this.services.values()]) {
      if (this.stopping || this.serving?.releaseId === entry.meta.releaseId || entry.owner === undefined) continue;
      if (isProcessAlive(entry.owner)) continue;
      log('candidate-orphaned', { releaseId: entry.meta.releaseId, ownerPid: entry.owner.pid });
      await this.stop(entry, `its deploy (pid ${entry.owner.pid}) is gone`);
    }
  }

  async stopAll(reason: string): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.services.values()].map(({ service }) => service.stop(reason)));
    if (this.serving !== null) this.previous = pick(this.serving);
    this.serving = null;
  }

  /**
   * Restarts the serving release when it dies on its own (crash or memory watchdog) after a deploy
   * finished, with exponential backoff; candidates are never restarted (the deploy judges them).
   */
  private watch(entry: Entry): void {
    void entry.service.exited.then(async () => {
      if (entry.service.stopRequested || !this.stillServes(entry)) return;
      const now = Date.now();
      const recent = entry.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
      const status = entry.service.status();
      const fields = { releaseId: entry.meta.releaseId, exitCode: status.exitCode, stoppedFor: status.stoppedFor };
      if (recent.length >= MAX_RESTARTS) return log('restart-gave-up', { ...fields, restarts: recent.length });
      const delay = Math.min(30_000, 1000 * 2 ** recent.length);
      log('service-exited', { ...fields, signal: status.signal, restartInMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      if (this.stillServes(entry)) await this.restart(entry, recent);
    });
  }

  private stillServes(entry: Entry): boolean {
    return !this.stopping && this.serving?.releaseId === entry.meta.releaseId && this.services.get(entry.meta.releaseId) === entry;
  }

  private async restart(entry: Entry, recent: number[]): Promise<void> {
    entry.restarts.splice(0, entry.restarts.length, ...recent, Date.now());
    entry.service = new ServiceProcess({ ...entry.spec, port: await freePort('127.0.0.1') });
    const restarted = entry.service.status();
    const serving = this.serving as StagingState['serving'] & object;
    this.serving = { ...serving, pid: restarted.pid, port: restarted.port, restarts: (serving.restarts ?? 0) + 1 };
    log('service-restarted', { releaseId: entry.meta.releaseId, pid: restarted.pid, port: restarted.port });
    await this.persist();
    this.watch(entry);
  }
}

/** A request the current state refuses (HTTP 409 on the control channel). */
export class Conflict extends Error {}

export type SupervisorEntry = Entry;
