// `COPY … TO STDOUT` read straight off node-postgres's socket (as pg-copy-streams does, without its
// per-message buffer lists: those cost about half a microsecond per row). While the copy runs this
// query takes the socket's 'data' events from node-postgres's parser; when the copy ends it hands
// back the rest (CommandComplete, ReadyForQuery, or the ErrorResponse) and the parser finishes the
// query as usual, calling the handlers below. The socket keeps reading while the caller hashes one
// batch of rows, so the server produces the next ones meanwhile; past HIGH_WATER it is paused.
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { CopyFrameParser } from './pg-copy-frames.js';

const HIGH_WATER = 4 << 20;
const LOW_WATER = 1 << 20;

type DataListener = (chunk: Buffer) => void;

export class CopyOutQuery implements pg.Submittable {
  private readonly frames = new CopyFrameParser();
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private stream: Readable | undefined;
  private pgListener: DataListener | undefined;
  private copying = false;
  private complete = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly sql: string) {}

  /** Called by node-postgres when this query's turn comes (client.query(this)). */
  submit(connection: pg.Connection): void {
    const stream = connection.stream;
    const listeners = stream.listeners('data') as DataListener[];
    if (listeners.length !== 1) throw new Error(`cannot read COPY: the connection has ${listeners.length} data listeners, expected node-postgres's one`);
    this.stream = stream;
    this.pgListener = listeners[0];
    stream.removeListener('data', this.pgListener as DataListener);
    stream.on('data', this.onData);
    this.copying = true;
    connection.query(this.sql);
  }

  handleError(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    this.wake?.();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.complete = true;
    this.wake?.();
  }

  /** The rows' bytes in order, batch by batch; throws the query's error, if any, after the rows before it. */
  async *rows(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next !== undefined) {
          this.queued -= next.length;
          if (this.queued < LOW_WATER && this.stream?.isPaused() === true) this.stream.resume();
          yield next;
          continue;
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.complete) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      // Stopped mid-copy (the caller found a bad line): the connection is mid-protocol and must be
      // closed by the caller (node-postgres destroys the socket of a client ended mid-query).
      if (this.copying) this.stream?.removeListener('data', this.onData).pause();
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    let parsed;
    try {
      parsed = this.frames.push(chunk);
    } catch (error) {
      this.handleError(error);
      this.stream?.destroy();
      return;
    }
    if (parsed.rows.length > 0) {
      this.queue.push(parsed.rows);
      this.queued += parsed.rows.length;
    }
    if (parsed.rest !== undefined) this.handBack(parsed.rest);
    else if (this.queued > HIGH_WATER) this.stream?.pause();
    this.wake?.();
  };

  /** Copy-out is over: node-postgres's parser gets the socket back, and the bytes after the copy. */
  private handBack(rest: Buffer): void {
    const stream = this.stream as Readable;
    const pgListener = this.pgListener as DataListener;
    this.copying = false;
    stream.removeListener('data', this.onData);
    stream.on('data', pgListener);
    if (stream.isPaused()) stream.resume();
    if (rest.length > 0) pgListener(rest);
  }
}
