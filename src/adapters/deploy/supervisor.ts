// The staging supervisor: a small detached process that outlives the `specgate` command that
// started it. It holds the stable staging port (the proxy), runs each release's service with its
// watchdog, switches traffic on request, and keeps .specgate/staging.json current (atomically).
// Run as `node supervisor.js --root DIR --host H --port P`; controlled over a private unix socket.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../node-fs.js';
import { ensureStateDir, socketPath, stateFile, readStagingState, STAGING_STATE_SCHEMA_VERSION, type ReleaseMeta, type StagingState, type StartServiceRequest } from './control.js';
import { createStagingProxy } from './proxy.js';
import { answers, freePort, log, readBody } from './supervisor-io.js';
import { ServiceProcess, type ServiceSpec } from './service.js';

const SAMPLE_INTERVAL_MS = 100;
/** At most this many restarts of a crashed serving release within the window, then give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

export async function runSupervisor(root: string, host: string, port: number): Promise<void> {
  process.umask(0o077);
  const dir = ensureStateDir(root);
  const socket = socketPath(root);
  interface Entry {
    service: ServiceProcess;
    readonly meta: ReleaseMeta;
    readonly spec: Omit<ServiceSpec, 'port'>;
    /** Times (ms) of restarts after crashes while serving, for the backoff. */
    readonly restarts: number[];
  }
  const services = new Map<string, Entry>();
  const before = readStagingState(root);
  let serving: (StagingState['serving'] & object) | null = null;
  // After a restart nothing runs, but what served last is still the rollback target.
  let previous: ReleaseMeta | null = before?.serving ? pick(before.serving) : (before?.previous ?? null);
  const startedAt = new Date().toISOString();
  const proxyUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  function pick(m: ReleaseMeta): ReleaseMeta {
    return { releaseId: m.releaseId, runId: m.runId, featureSha: m.featureSha };
  }
  function state(): StagingState {
    return {
      schemaVersion: STAGING_STATE_SCHEMA_VERSION,
      supervisor: { pid: process.pid, startedAt },
      proxy: { host, port, url: proxyUrl },
      serving,
      previous,
      updatedAt: new Date().toISOString(),
    };
  }
  let writing = Promise.resolve();
  const persist = (s: StagingState = state()): Promise<void> => {
    writing = writing.then(() => writeFileAtomic(stateFile(root), `${JSON.stringify(s, null, 2)}\n`)).catch((error: unknown) => log('state-write-failed', { error: String(error) }));
    return writing;
  };

  const proxy = createStagingProxy(() => {
    if (serving === null) return undefined;
    return { releaseId: serving.releaseId, port: serving.port };
  });
  try {
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(port, host, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log('fatal', {
      code: code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'SUPERVISOR_FAILED',
      message: code === 'EADDRINUSE' ? `staging port ${host}:${port} is already in use by another process` : `cannot listen on ${host}:${port}: ${String(error)}`,
    });
    process.exitCode = 1;
    return;
  }

  let stopping = false;

  /**
   * Restarts the serving release when it dies on its own (crash or memory watchdog) after a deploy
   * finished, with exponential backoff; candidates are never restarted (the deploy judges them).
   */
  function watch(entry: Entry): void {
    void entry.service.exited.then(async () => {
      if (stopping || entry.service.stopRequested || serving?.releaseId !== entry.meta.releaseId || services.get(entry.meta.releaseId) !== entry) return;
      const now = Date.now();
      const recent = entry.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
      const status = entry.service.status();
      if (recent.length >= MAX_RESTARTS) {
        log('restart-gave-up', { releaseId: entry.meta.releaseId, restarts: recent.length, exitCode: status.exitCode, stoppedFor: status.stoppedFor });
        return;
      }
      const delay = Math.min(30_000, 1000 * 2 ** recent.length);
      log('service-exited', { releaseId: entry.meta.releaseId, exitCode: status.exitCode, signal: status.signal, stoppedFor: status.stoppedFor, restartInMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      if (stopping || serving?.releaseId !== entry.meta.releaseId || services.get(entry.meta.releaseId) !== entry) return;
      entry.restarts.splice(0, entry.restarts.length, ...recent, Date.now());
      entry.service = new ServiceProcess({ ...entry.spec, port: await freePort('127.0.0.1') });
      const restarted = entry.service.status();
      serving = { ...serving, pid: restarted.pid, port: restarted.port, restarts: (serving.restarts ?? 0) + 1 };
      log('service-restarted', { releaseId: entry.meta.releaseId, pid: restarted.pid, port: restarted.port });
      await persist();
      watch(entry);
    });
  }

  async function shutdown(reason: string): Promise<void> {
    stopping = true;
    log('shutdown', { reason });
    await Promise.all([...services.values()].map(({ service }) => service.stop(reason)));
    if (serving !== null) previous = pick(serving);
    serving = null;
    proxy.close();
    proxy.closeAllConnections();
    await persist({ ...state(), supervisor: null, proxy: null });
    // Last: clients take a refused connection as "the supervisor is gone".
    control.close();
    control.closeAllConnections();
    fs.rmSync(socket, { force: true });
    // eslint-disable-next-line no-restricted-properties -- the supervisor is a process entry point, like src/cli/main.ts
    process.exit(0);
  }

  const control = http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? null));
    };
    void (async () => {
      const url = req.url ?? '/';
      const serviceMatch = /^\/services\/([^/]+)(\/stop)?$/.exec(url);
      if (req.method === 'GET' && url === '/ping') return reply(200, { pid: process.pid, proxy: { host, port } });
      if (req.method === 'GET' && url === '/state') return reply(200, state());
      if (req.method === 'POST' && url === '/services') {
        const body = (await readBody(req)) as StartServiceRequest;
        const existing = services.get(body.releaseId);
        if (existing?.service.running) {
          if (serving?.releaseId === body.releaseId) return reply(409, { error: `release ${body.releaseId} is serving staging; it cannot be started twice` });
          await existing.service.stop('replaced by a new attempt');
        }
        const spec = {
          releaseId: body.releaseId,
          dir: body.dir,
          command: body.command,
          env: body.env,
          ...(body.redaction === undefined ? {} : { redaction: body.redaction }),
          memoryLimitBytes: body.memoryLimitBytes,
          logFile: path.join(dir, 'releases', `${body.releaseId}.log`),
          sampleIntervalMs: SAMPLE_INTERVAL_MS,
        };
        const service = new ServiceProcess({ ...spec, port: await freePort('127.0.0.1') });
        const entry: Entry = { service, meta: pick(body), spec, restarts: [] };
        services.set(body.releaseId, entry);
        watch(entry);
        log('service-started', { releaseId: body.releaseId, pid: service.status().pid, port: service.status().port });
        return reply(200, service.status());
      }
      if (serviceMatch?.[1] !== undefined) {
        const entry = services.get(decodeURIComponent(serviceMatch[1]));
        if (entry === undefined) return reply(404, { error: 'no such service' });
        if (req.method === 'GET' && serviceMatch[2] === undefined) return reply(200, entry.service.status());
        if (req.method === 'POST' && serviceMatch[2] === '/stop') {
          const { reason } = (await readBody(req)) as { reason?: string };
          // Stopping what serves (a failed first deploy) leaves nothing serving: the proxy answers 503.
          if (serving?.releaseId === entry.meta.releaseId) {
            serving = null;
            await persist();
          }
          await entry.service.stop(reason ?? 'stopped');
          services.delete(entry.meta.releaseId);
          log('service-stopped', { releaseId: entry.meta.releaseId, reason });
          return reply(200, entry.service.status());
        }
      }
      if (req.method === 'POST' && url === '/switch') {
        const { releaseId } = (await readBody(req)) as { releaseId: string };
        const entry = services.get(releaseId);
        if (!entry?.service.running) return reply(409, { error: `release ${releaseId} is not running` });
        if (serving?.releaseId !== releaseId) {
          if (serving !== null) previous = pick(serving);
          const status = entry.service.status();
          serving = { ...entry.meta, since: new Date().toISOString(), pid: status.pid, port: status.port };
          log('switched', { releaseId });
        }
        await persist();
        return reply(200, state());
      }
      if (req.method === 'POST' && url === '/shutdown') {
        reply(200, {});
        setImmediate(() => void shutdown('stop requested'));
        return;
      }
      return reply(404, { error: `unknown route ${req.method ?? ''} ${url}` });
    })().catch((error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }));
  });

  if (await answers(socket)) {
    log('fatal', { code: 'SUPERVISOR_FAILED', message: `another supervisor already controls ${root}` });
    proxy.close();
    process.exitCode = 1;
    return;
  }
  fs.rmSync(socket, { force: true });
  await new Promise<void>((resolve) => control.listen(socket, () => resolve()));
  fs.chmodSync(socket, 0o600);
  await persist();
  log('ready', { pid: process.pid, proxy: proxyUrl });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } } });
  if (values.root === undefined || values.host === undefined || values.port === undefined) {
    log('fatal', { code: 'SUPERVISOR_FAILED', message: 'usage: supervisor.js --root DIR --host HOST --port PORT' });
    process.exitCode = 2;
  } else {
    runSupervisor(path.resolve(values.root), values.host, Number(values.port)).catch((error: unknown) => {
      log('fatal', { code: 'SUPERVISOR_FAILED', message: String(error) });
      process.exitCode = 1;
    });
  }
}
