// Runs the dashboard on a real socket (node:http through @hono/node-server). Loopback by default;
// a non-loopback host is the caller's explicit choice and is reported as such.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { errorDomain, ExitCode } from '../core/errors.js';
import { createDashboard, type Dashboard, type DashboardOptions } from './app.js';
import { boundHosts } from './security.js';

export class DashboardError extends errorDomain<'PORT_IN_USE' | 'LISTEN_FAILED'>('dashboard', ExitCode.usage) {}

export interface RunningDashboard {
  readonly url: string;
  readonly port: number;
  readonly dashboard: Dashboard;
  close(): Promise<void>;
}

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startDashboard(options: DashboardOptions & { readonly host: string; readonly port: number; readonly extraHosts?: readonly string[] }): Promise<RunningDashboard> {
  // The allowed Host list needs the bound port, known only after listen (port 0): computed once, lazily.
  let allowed: string[] | undefined;
  const allowedHosts = () => (allowed ??= boundHosts(options.host, (server.address() as AddressInfo | null)?.port ?? options.port, options.extraHosts));
  const dashboard = createDashboard({ ...options, allowedHosts });
  const server = createAdaptorServer({ fetch: dashboard.app.fetch, hostname: options.host, port: options.port }) as Server;
  // Slow clients must not pin sockets forever (SSE streams are long-lived by design).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DashboardError('PORT_IN_USE', `port ${options.port} on ${options.host} is already in use`, { hint: 'pick another with --port, or --port 0 for any free port', cause: error }));
      else reject(new DashboardError('LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}: ${error.message}`, { hint: 'check --host and --port', cause: error }));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  // Not awaited: the server answers while the index and the anchor claims are built; a failure
  // only means the first page that needs them builds them (and says what failed).
  dashboard.warm().catch((error: unknown) => options.log?.(`dashboard warm-up: ${error instanceof Error ? error.message : String(error)}`));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    dashboard,
    close: () =>
      new Promise<void>((resolve) => {
        dashboard.close();
        server.closeIdleConnections();
        server.close(() => resolve());
        // Streams end on the abort above; anything still open after a second is cut.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
