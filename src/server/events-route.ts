// GET /events?watch=runs|ledger|run:<sha>/<run-id>: server-sent events. Every interval the watched
// thing's version is computed and sent when it changed; pages reload themselves on a change. Streams
// end when the client goes away or the server closes; how many may be open is capped (stream-limits.ts).
import * as path from 'node:path';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { FileSystem } from '../core/ports.js';
import { BadRequest } from './bad-request.js';
import type { RunIndex } from './run-index.js';
import type { TailReader } from './ports.js';
import { LEDGER_PATH } from '../core/evidence/vocabulary.js';
import { clientAddress, type StreamLimits } from './stream-limits.js';

export interface EventsRouteDeps {
  readonly fs: FileSystem;
  readonly tail: TailReader;
  readonly reportsDir: string;
  readonly index: RunIndex;
  readonly intervalMs: number;
  readonly limits: StreamLimits;
  /** The `tail:` stream carries command output: only for a logged-in viewer (session.ts). */
  readonly mayReadLogs: (c: Context) => boolean;
}

/**
 * Waits `ms` or until `signal` aborts. The abort listener is removed when the timer fires: one left
 * behind per interval was the leak behind a MaxListenersExceededWarning on long-lived streams.
 */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export function eventsRoute(deps: EventsRouteDeps) {
  return (c: Context): Response => {
    const watch = c.req.query('watch') ?? 'runs';
    const m = /^(run|tail):([0-9a-f]{12})\/(\d{14}(?:-\d{1,4})?)$/.exec(watch);
    if (watch !== 'runs' && watch !== 'ledger' && m === null) throw new BadRequest('watch must be runs, ledger, run:<sha>/<run-id> or tail:<sha>/<run-id>');
    if (m?.[1] === 'tail' && !deps.mayReadLogs(c)) return c.text('the live log needs a login: open /login with the dashboard token\n', 401);
    const interval = deps.intervalMs;
    const tail = m?.[1] === 'tail' ? () => newestLogTail(deps.fs, deps.tail, path.join(deps.reportsDir, m[2] ?? '', m[3] ?? '')) : undefined;
    const version = async (): Promise<string> => {
      if (watch === 'ledger') {
        const info = await deps.fs.stat(path.join(deps.reportsDir, LEDGER_PATH));
        return info === undefined ? 'none' : `${info.size}:${info.mtimeMs}`;
      }
      await deps.index.list();
      if (m === null) return String(deps.index.version);
      const run = await deps.index.get(m[2] ?? '', m[3] ?? '');
      return run === undefined ? 'gone' : `${run.status}:${run.approvals}:${run.stages}:${run.endedAt}`;
    };
    const admission = deps.limits.admit(clientAddress(c));
    if (!admission.ok) {
      c.header('Retry-After', '30');
      return c.text(`${admission.message}\n`, admission.status);
    }
    return streamSSE(c, async (stream) => {
      let last: string | undefined;
      // The admission's signal aborts when the client goes away (release) or the server closes.
      const stop = admission.signal;
      stream.onAbort(() => admission.release());
      try {
        while (!stop.aborted && !stream.closed) {
          const v = tail === undefined ? await version() : await tail();
          if (v !== last) {
            await stream.writeSSE({ event: tail === undefined ? 'version' : 'tail', data: v });
            last = v;
          }
          await pause(interval, stop);
        }
      } finally {
        // Whatever ended the loop (client gone, server closing, a read that threw), the slot goes with it.
        admission.release();
      }
    });
  };
}

/** The last lines of the log a running stage writes now (the most recently changed logs/*.log). */
async function newestLogTail(fs: FileSystem, readTail: TailReader, runDir: string): Promise<string> {
  const dir = path.join(runDir, 'logs');
  if ((await fs.lstat(dir))?.kind !== 'directory') return '(no command output yet)';
  let newest: { name: string; mtimeMs: number } | undefined;
  for (const name of await fs.readdir(dir)) {
    if (!/^[A-Za-z0-9._-]+\.log$/.test(name)) continue;
    const info = await fs.lstat(path.join(dir, name));
    if (info?.kind === 'file' && (newest === undefined || info.mtimeMs > newest.mtimeMs)) newest = { name, mtimeMs: info.mtimeMs };
  }
  if (newest === undefined) return '(no command output yet)';
  return `logs/${newest.name}\n${(await readTail(path.join(dir, newest.name), 30)) ?? ''}`;
}
