// The supervisor's control channel (a private unix socket, HTTP + JSON): a table of routes, each
// translating one request into a SupervisorState method. Client side: SupervisorClient in control.ts.
import * as http from 'node:http';
import type { StartServiceRequest } from './control.js';
import { readBody } from './supervisor-io.js';
import { Conflict, type SupervisorState } from './supervisor-state.js';

type Reply = (status: number, body: unknown) => void;
interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (req: http.IncomingMessage, match: RegExpExecArray, reply: Reply) => Promise<void> | void;
}

function routes(sup: SupervisorState, proxy: { host: string; port: number }, shutdown: (reason: string) => Promise<void>): Route[] {
  const entryOf = (match: RegExpExecArray) => sup.services.get(decodeURIComponent(match[1] ?? ''));
  return [
    { method: 'GET', pattern: /^\/ping$/, handle: (_q, _m, reply) => reply(200, { pid: process.pid, proxy }) },
    { method: 'GET', pattern: /^\/state$/, handle: (_q, _m, reply) => reply(200, sup.state()) },
    { method: 'POST', pattern: /^\/services$/, handle: async (req, _m, reply) => reply(200, await sup.start((await readBody(req)) as StartServiceRequest)) },
    {
      method: 'GET',
      pattern: /^\/services\/([^/]+)$/,
      handle: (_q, match, reply) => {
        const entry = entryOf(match);
        reply(entry === undefined ? 404 : 200, entry === undefined ? { error: 'no such service' } : entry.service.status());
      },
    },
    {
      method: 'POST',
      pattern: /^\/services\/([^/]+)\/stop$/,
      handle: async (req, match, reply) => {
        const entry = entryOf(match);
        if (entry === undefined) return reply(404, { error: 'no such service' });
        const { reason } = (await readBody(req)) as { reason?: string };
        reply(200, await sup.stop(entry, reason ?? 'stopped'));
      },
    },
    { method: 'POST', pattern: /^\/switch$/, handle: async (req, _m, reply) => reply(200, await sup.switchTo(((await readBody(req)) as { releaseId: string }).releaseId)) },
    {
      method: 'POST',
      pattern: /^\/shutdown$/,
      handle: (_q, _m, reply) => {
        reply(200, {});
        setImmediate(() => void shutdown('stop requested'));
      },
    },
  ];
}

/** The control server; errors become JSON answers (409 for a refused request, 500 otherwise). */
export function controlServer(sup: SupervisorState, proxy: { host: string; port: number }, shutdown: (reason: string) => Promise<void>): http.Server {
  const table = routes(sup, proxy, shutdown);
  return http.createServer((req, res) => {
    const reply: Reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? null));
    };
    const url = req.url ?? '/';
    for (const route of table) {
      const match = req.method === route.method ? route.pattern.exec(url) : null;
      if (match === null) continue;
      Promise.resolve(route.handle(req, match, reply)).catch((error: unknown) =>
        reply(error instanceof Conflict ? 409 : 500, { error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    reply(404, { error: `unknown route ${req.method ?? ''} ${url}` });
  });
}
