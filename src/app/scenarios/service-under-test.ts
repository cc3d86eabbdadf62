// `generate.scenarios.command`: starts this run's build of the service — any language — on a free
// loopback port with PORT set, waits for its health path, and stops its whole process group when
// the scenarios are done. The scenarios test what this run built, never an earlier staging.
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { GenerateError } from '../../core/generate/errors.js';
import { ServiceProcess } from '../../adapters/deploy/service.js';

export interface StartedService {
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly root: string;
  readonly command: string;
  readonly healthPath: string;
  readonly startSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly memoryLimitBytes: number;
  readonly signal?: AbortSignal;
}

/** A port the kernel just handed out on 127.0.0.1 (the service binds it right after). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the kernel');
  return address.port;
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

export async function startServiceUnderTest(options: StartServiceOptions): Promise<StartedService> {
  const port = await freeLoopbackPort();
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
  // Poll until healthy, the process exits, the deadline passes or the run is interrupted.
  while (performance.now() < deadline && options.signal?.aborted !== true) {
    if (!service.running) break;
    if (await healthy(`${url}${options.healthPath}`)) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const status = service.status();
  const log = tail(logFile);
  await stop();
  const why = !service.running && status.stoppedFor === null ? `exited (code ${status.exitCode ?? status.signal ?? '?'})` : `did not answer ${options.healthPath} with 2xx within ${options.startSeconds}s`;
  throw new GenerateError('SCENARIO_RUN_FAILED', `generate.scenarios.command '${options.command}' ${why} on port ${port}${log === '' ? '' : `; its last output:\n${log}`}`, {
    path: 'specgate.yaml',
    hint: 'the command must start the built service listening on $PORT (127.0.0.1) and serve generate.scenarios.healthPath; raise generate.scenarios.startSeconds if it starts slowly',
  });
}
