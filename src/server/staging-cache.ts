// What serves staging, probed at most every few seconds: a page view must not wait for a health
// probe (up to the configured timeout), and a dashboard left open must not hammer staging.
// Stale-while-revalidate: the first view waits for the probe, later ones get the last answer
// while a fresh probe runs in the background.
import type { Clock } from '../core/ports.js';
import type { StagingStatus } from '../app/deploy/status.js';

/** Probes staging now; in production `stagingStatus` of src/app/deploy/status.ts. */
export type StagingPort = () => Promise<StagingStatus>;

export class StagingCache {
  private last: { at: number; value: StagingStatus | undefined } | undefined;
  private inflight: Promise<StagingStatus | undefined> | undefined;

  constructor(
    private readonly probe: StagingPort | undefined,
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
  ) {}

  /** undefined when this dashboard has no staging to look at (e.g. `--reports` of another machine). */
  async get(): Promise<StagingStatus | undefined> {
    if (this.probe === undefined) return undefined;
    const fresh = this.last !== undefined && this.clock.monotonicMs() - this.last.at < this.ttlMs;
    if (fresh) return this.last?.value;
    const refreshing = this.refresh();
    return this.last === undefined ? refreshing : this.last.value;
  }

  private refresh(): Promise<StagingStatus | undefined> {
    const probe = this.probe;
    if (probe === undefined) return Promise.resolve(undefined);
    this.inflight ??= probe()
      .catch(() => undefined)
      .then((value) => {
        this.last = { at: this.clock.monotonicMs(), value };
        this.inflight = undefined;
        return value;
      });
    return this.inflight;
  }
}
