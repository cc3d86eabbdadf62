// The staging supervisor: a small detached process that outlives the `specgate` command that
// started it. It holds the stable staging port (the proxy), runs each release's service with its
// watchdog, switches traffic on request, keeps .specgate/staging.json current (atomically) and stops
// candidates whose deploy died; at start it reaps services a killed predecessor left
// (supervisor-sweep.ts). What it knows: supervisor-state.ts; its control routes: supervisor-routes.ts.
// Run as `node supervisor.js --root DIR --host H --port P`; controlled over a private unix socket.
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureStateDir, socketPath } from './control.js';
import { createStagingProxy } from './proxy.js';
import { answers, log } from './supervisor-io.js';
import { controlServer } from './supervisor-routes.js';
import { SupervisorState } from './supervisor-state.js';
import { sweepOrphans } from './supervisor-sweep.js';

/** How often candidates are checked for a deploy that died (kill -9) and left them running. */
const REAP_INTERVAL_MS = 500;

export async function runSupervisor(root: string, host: string, port: number): Promise<void> {
  process.umask(0o077);
  const socket = socketPath(root);
  const proxyAddress = { host, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
  const sup = new SupervisorState(root, ensureStateDir(root), proxyAddress);
  const proxy = createStagingProxy(() => (sup.serving === null ? undefined : { releaseId: sup.serving.releaseId, port: sup.serving.port }));
  if (!(await listenProxy(proxy, host, port))) return;
  if (await answers(socket)) {
    log('fatal', { code: 'SUPERVISOR_FAILED', message: `another supervisor already controls ${root}` });
    proxy.close();
    process.exitCode = 1;
    return;
  }
  // The one that ran before may have died with SIGKILL: stop what it left before recording our own (empty) list.
  await sweepOrphans(root);
  const reaper = setInterval(() => void sup.reapOrphans(), REAP_INTERVAL_MS);
  const shutdown = async (reason: string): Promise<void> => {
    clearInterval(reaper);
    log('shutdown', { reason });
    await sup.stopAll(reason);
    proxy.close();
    proxy.closeAllConnections();
    await sup.persist({ ...sup.state(), supervisor: null, proxy: null });
    // Last: clients take a refused connection as "the supervisor is gone".
    control.close();
    control.closeAllConnections();
    fs.rmSync(socket, { force: true });
    // eslint-disable-next-line no-restricted-properties -- the supervisor is a process entry point, like src/cli/main.ts
    process.exit(0);
  };
  const control = controlServer(sup, { host, port }, shutdown);
  fs.rmSync(socket, { force: true });
  await new Promise<void>((resolve) => control.listen(socket, () => resolve()));
  fs.chmodSync(socket, 0o600);
  await sup.persist();
  log('ready', { pid: process.pid, proxy: proxyAddress.url });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Binds the stable staging port; false (logged, exit code 1) when it cannot. */
async function listenProxy(proxy: http.Server, host: string, port: number): Promise<boolean> {
  try {
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(port, host, () => resolve());
    });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log('fatal', {
      code: code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'SUPERVISOR_FAILED',
      message: code === 'EADDRINUSE' ? `staging port ${host}:${port} is already in use by another process` : `cannot listen on ${host}:${port}: ${String(error)}`,
    });
    process.exitCode = 1;
    return false;
  }
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
