// The scenario runner's child process: reads a job (JSON on stdin), starts the in-process app on
// an ephemeral loopback port when asked, runs cucumber through its programmatic API and writes
// every cucumber message as one NDJSON line on stdout. A child keeps cucumber's global support
// code registry and the app's sockets out of specgate's own process. Started by the
// CucumberRunner in ./cucumber-runner.ts.
import { createServer, Server, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScenarioJob } from '../../core/scenarios/ports.js';

type AppModule = Record<string, unknown>;

/** Finds the app in a module: `createApp()`/`createServer()` factories, or an `app`/default listener or factory. */
async function resolveApp(mod: AppModule, file: string): Promise<Server> {
  const candidates = ['createApp', 'createServer', 'app', 'default'];
  for (const name of candidates) {
    const value = mod[name];
    if (value instanceof Server) return value;
    if (typeof value !== 'function') continue;
    const fn = value as (...args: unknown[]) => unknown;
    if (fn.length >= 2) return createServer(fn as RequestListener);
    const made = await fn();
    if (made instanceof Server) return made;
    if (typeof made === 'function') return createServer(made as RequestListener);
  }
  throw new Error(`${file} exports no app: export createApp() returning a node:http RequestListener or Server`);
}

async function startApp(file: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await resolveApp((await import(pathToFileURL(file).href)) as AppModule, file);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJob(): Promise<ScenarioJob> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScenarioJob;
}

async function main(): Promise<void> {
  const job = await readJob();
  // stdout carries the NDJSON messages; anything the app or step code logs goes to stderr.
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  };
  /* eslint-disable no-console -- rerouting, not logging: keeps stdout pure NDJSON */
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  /* eslint-enable no-console */
  process.env.SPECGATE_PROJECT_STEPS = job.steps.join('\n');

  const app = job.app === undefined ? undefined : await startApp(job.app);
  try {
    const { loadConfiguration, runCucumber } = await import('@cucumber/cucumber/api');
    const register = fileURLToPath(new URL('../../steps/register.js', import.meta.url));
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const environment = { cwd: job.cwd, stdout: sink, stderr: process.stderr, env: process.env };
    const { runConfiguration } = await loadConfiguration(
      {
        file: false,
        provided: {
          paths: [...job.features],
          import: [register],
          format: [],
          strict: true,
          ...(job.tags === undefined ? {} : { tags: job.tags }),
          worldParameters: { baseUrl: app?.url ?? job.baseUrl ?? '', healthPath: job.healthPath },
        },
      },
      environment,
    );
    await runCucumber(runConfiguration, environment, (envelope) => {
      process.stdout.write(`${JSON.stringify(envelope)}\n`);
    });
  } finally {
    await app?.close();
  }
}

main().catch((error: unknown) => {
  // A step file's problem is the user's to fix: its message says which file and why; a stack would bury it.
  const text = error instanceof Error ? (error.name === 'StepFileError' ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`specgate scenario runner: ${text}\n`);
  process.exitCode = 2;
});
