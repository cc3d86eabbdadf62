// GET /events?watch=runs|ledger|run:<sha>/<run-id>: server-sent events. Every interval the watched
// thing's version is computed and sent when it changed; pages reload themselves on a change. Streams
// end when the client goes away or the server closes.
import * as path from 'node:path';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { FileSystem } from '../core/ports.js';
import { BadRequest } from './bad-request.js';
import type { RunIndex } from './run-index.js';
import { readTail } from '../adapters/evidence/tail.js';
import { LEDGER_PATH } from '../core/evidence/vocabulary.js';

export interface EventsRouteDeps {
  readonly fs: FileSystem;
  readonly reportsDir: string;
  readonly index: RunIndex;
  /** Aborted when the server closes. */
  readonly closing: AbortSignal;
  readonly intervalMs: number;
}

export function eventsRoute(deps: EventsRouteDeps) {
  return (c: Context): Response => {
    const watch = c.req.query('watch') ?? 'runs';
    const m = /^(run|tail):([0-9a-f]{12})\/(\d{14}(?:-\d{1,4})?)$/.exec(watch);
    if (watch !== 'runs' && watch !== 'ledger' && m === null) throw new BadRequest('watch must be runs, ledger, run:<sha>/<run-id> or tail:<sha>/<run-id>');
    const interval = deps.intervalMs;
    const tail = m?.[1] === 'tail' ? () => newestLogTail(deps.fs, path.join(deps.reportsDir, m[2] ?? '', m[3] ?? '')) : undefined;
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
    return streamSSE(c, async (stream) => {
      let last: string | undefined;
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      deps.closing.addEventListener('abort', () => stop.abort(), { once: true, signal: stop.signal });
      while (!stop.signal.aborted) {
        const v = tail === undefined ? await version() : await tail();
        if (v !== last) {
          await stream.writeSSE({ event: tail === undefined ? 'version' : 'tail', data: v });
          last = v;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, interval);
          stop.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
        });
      }
    });
  };
}

/** The last lines of the log a running stage writes now (the most recently changed logs/*.log). */
async function newestLogTail(fs: FileSystem, runDir: string): Promise<string> {
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
