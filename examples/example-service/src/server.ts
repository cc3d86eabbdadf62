// Starts the service on a loopback address and stops it cleanly: new connections are refused,
// in-flight requests finish, idle keep-alive sockets close.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';

export interface ServerOptions extends AppOptions {
  readonly port: number;
  /** Loopback by default: staging exposes it through the deploy target, never directly. */
  readonly host?: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Reads PORT (default 8787), HOST (default 127.0.0.1), GIT_COMMIT and the specgate release from an environment. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): ServerOptions {
  const port = Number(env.PORT ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer from 0 to 65535, got ${env.PORT}`);
  const build = {
    service: 'example-service',
    commit: env.GIT_COMMIT ?? 'unknown',
    ...(env.SPECGATE_FEATURE_SHA === undefined ? {} : { featureSha: env.SPECGATE_FEATURE_SHA }),
    ...(env.SPECGATE_RELEASE === undefined ? {} : { release: env.SPECGATE_RELEASE }),
  };
  return { port, host: env.HOST ?? '127.0.0.1', build };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer(createApp(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
