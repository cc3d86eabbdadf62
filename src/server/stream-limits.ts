// Caps on the dashboard's live event streams. Each stream holds a socket, a timer and a poll of the
// evidence folder for as long as the browser keeps it open, so a hostile page (or a script) opening
// thousands of them once grew the server from 80 to 277 MB. Streams are counted per client address
// and in total; a refused stream gets 429 (this client has too many) or 503 (the server is full).
import type { Context } from 'hono';

export interface StreamCaps {
  /** Open streams the whole dashboard serves at once. */
  readonly total: number;
  /** Open streams one client address may hold (a browser with many tabs, or many pages behind one proxy). */
  readonly perClient: number;
}

/** Defaults: a person with a dozen tabs is fine, a loop opening streams is not. */
export const DEFAULT_STREAM_CAPS: StreamCaps = { total: 256, perClient: 32 };

/** An admitted stream runs until `signal` aborts: its client left (`release`) or the server closes (`closeAll`). */
export type StreamAdmission = { readonly ok: true; readonly signal: AbortSignal; readonly release: () => void } | { readonly ok: false; readonly status: 429 | 503; readonly message: string };

export class StreamLimits {
  private readonly byClient = new Map<string, number>();
  // One controller per stream, not one listener per stream on a shared "closing" signal: hundreds of
  // streams would otherwise trip Node's MaxListenersExceededWarning on that one signal.
  private readonly active = new Set<AbortController>();
  private open = 0;

  constructor(private readonly caps: StreamCaps = DEFAULT_STREAM_CAPS) {}

  /** Streams open now (all clients). */
  get size(): number {
    return this.open;
  }

  /** Ends every open stream (the server is closing). */
  closeAll(): void {
    for (const stop of [...this.active]) stop.abort();
  }

  /** Admits a stream for `client` or says why not; `release` is idempotent and forgets idle clients. */
  admit(client: string): StreamAdmission {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.caps.perClient) {
      return { ok: false, status: 429, message: `too many live event streams from this client (${mine} open, at most ${this.caps.perClient}): close other dashboard tabs, or raise dashboard.maxEventStreamsPerClient` };
    }
    if (this.open >= this.caps.total) {
      return { ok: false, status: 503, message: `the dashboard serves at most ${this.caps.total} live event streams and all are in use: try again later, or raise dashboard.maxEventStreams` };
    }
    this.byClient.set(client, mine + 1);
    this.open += 1;
    const stop = new AbortController();
    this.active.add(stop);
    let released = false;
    return {
      ok: true,
      signal: stop.signal,
      release: () => {
        if (released) return;
        released = true;
        stop.abort();
        this.active.delete(stop);
        this.open -= 1;
        const left = (this.byClient.get(client) ?? 1) - 1;
        // Deleting the entry (not storing 0) keeps the map as small as the set of clients with open streams.
        if (left <= 0) this.byClient.delete(client);
        else this.byClient.set(client, left);
      },
    };
  }
}

/** The client's socket address on a real server; one shared key where there is no socket (app.request). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
