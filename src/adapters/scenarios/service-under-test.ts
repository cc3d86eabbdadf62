// `generate.scenarios.command`: starts this run's build of the service — any language — on a free
// loopback port with PORT set, waits for its health path, and stops its whole process group when
// the scenarios are done. The scenarios test what this run built, never an earlier staging.
// The port is free when picked but released before the service binds it: another process can take
// it in between. A service that then fails to bind (EADDRINUSE in its output, or the port held by
// someone else) is started again on a new port, up to PORT_ATTEMPTS times.
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { GenerateError } from '../../core/generate/errors.js';
import type { ServiceLauncher, StartServiceOptions, StartedService } from '../../core/scenarios/ports.js';
import { ServiceProcess } from '../deploy/service.js';

export interface StartServiceUnderTestOptions extends StartServiceOptions {
  /** Picks the port of each attempt (tests inject a taken one); default freeLoopbackPort. */
  readonly pickPort?: () => Promise<number>;
}

const PORT_ATTEMPTS = 3;
const ADDRESS_IN_USE = /EADDRINUSE|address already in use|Errno 98|bind: address/i;

/** Binds `port` on 127.0.0.1 (0: any) and releases it; the port, or undefined when it is taken. */
async function probePort(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address === null || typeof address === 'string' ? undefined : address.port;
}

/** A port the kernel just handed out on 127.0.0.1 (the service binds it right after). */
export async function freeLoopbackPort(): Promise<number> {
  const port = await probePort(0);
  if (port === undefined) throw new Error('no TCP port from the kernel');
  return port;
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-8).join('\n');
  } catch {
    return '';
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
    await res.arrayBuffer();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}

type Attempt = { readonly ok: true; readonly service: StartedService } | { readonly ok: false; readonly portTaken: boolean; readonly why: string; readonly log: string; readonly port: number };

/** One start on one port: healthy, or why not and whether the port was taken by someone else. */
async function attemptStart(options: StartServiceUnderTestOptions, port: number): Promise<Attempt> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-scenarios-'));
  const logFile = path.join(logDir, 'service.log');
  const env = Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const service = new ServiceProcess({ releaseId: 'scenarios', dir: options.root, command: options.command, port, env: { ...env, HOST: '127.0.0.1' }, memoryLimitBytes: options.memoryLimitBytes, logFile, sampleIntervalMs: 500 });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await service.stop('scenarios finished');
    fs.rmSync(logDir, { recursive: true, force: true });
  };
  const deadline = performance.now() + options.startSeconds * 1000;
  // Poll until healthy, the process exits, the deadline passes or the run is interrupted. The
  // answer counts only while our process still runs: after it died, whoever took the port answers.
  while (performance.now() < deadline && options.signal?.aborted !== true && service.running) {
    if ((await healthy(`${url}${options.healthPath}`)) && service.running) return { ok: true, service: { url, stop } };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const status = service.status();
  const exited = !service.running && status.stoppedFor === null;
  const log = tail(logFile);
  await stop();
  const portTaken = exited && (ADDRESS_IN_USE.test(log) || (await probePort(port)) === undefined);
  const why = exited ? `exited (code ${status.exitCode ?? status.signal ?? '?'})` : `did not answer ${options.healthPath} with 2xx within ${options.startSeconds}s`;
  return { ok: false, portTaken, why, log, port };
}

export async function startServiceUnderTest(options: StartServiceUnderTestOptions): Promise<StartedService> {
  const pickPort = options.pickPort ?? freeLoopbackPort;
  let attempt: Attempt | undefined;
  for (let i = 0; i < PORT_ATTEMPTS && (attempt === undefined || (!attempt.ok && attempt.portTaken)); i += 1) {
    attempt = await attemptStart(options, await pickPort());
  }
  if (attempt?.ok) return attempt.service;
  const failed = attempt as Exclude<Attempt, { ok: true }>;
  const retried = failed.portTaken ? ` (the port was taken by another process on each of ${PORT_ATTEMPTS} attempts)` : '';
  throw new GenerateError('SCENARIO_RUN_FAILED', `generate.scenarios.command '${options.command}' ${failed.why} on port ${failed.port}${retried}${failed.log === '' ? '' : `; its last output:\n${failed.log}`}`, {
    path: 'specgate.yaml',
    hint: 'the command must start the built service listening on $PORT (127.0.0.1) and serve generate.scenarios.healthPath; raise generate.scenarios.startSeconds if it starts slowly',
  });
}

/** The ServiceLauncher port for Node. */
export const nodeServiceLauncher: ServiceLauncher = { start: (options) => startServiceUnderTest(options) };
