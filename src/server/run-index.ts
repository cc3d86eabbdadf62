// The dashboard's index of runs. Listing 10,000 runs must not parse 10,000 manifests per request:
// a finished run's manifest no longer changes, so it is read once and cached; only runs still in
// progress or awaiting approval are re-read, and a refresh happens at most once per `ttlMs`.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../core/ports.js';
import { manifestFacts } from '../core/report/facts.js';
import { FEATURE_SHA, RUN_ID, compareRunIds } from '../core/report/errors.js';
import { spanMs } from '../core/report/read.js';

export interface RunSummary {
  readonly featureSha: string;
  readonly runId: string;
  readonly mode: string;
  readonly status: string;
  readonly initiator: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number | null;
  readonly approvals: number;
  readonly latest: boolean;
  /** The manifest could not be read or parsed. */
  readonly damaged: boolean;
}

/** Statuses after which the runner never rewrites the manifest. */
const SETTLED = new Set(['success', 'warning', 'failure', 'blocked', 'interrupted']);

export interface RunFilter {
  readonly feature?: string;
  readonly status?: string;
  readonly mode?: string;
}

export class RunIndex {
  private runs: RunSummary[] = [];
  private readonly cache = new Map<string, RunSummary>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  /** Bumped whenever the list changes: lets server-sent events tell clients to reload. */
  version = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly reportsDir: string,
    private readonly clock: Clock,
    private readonly ttlMs = 1000,
  ) {}

  async list(): Promise<readonly RunSummary[]> {
    if (this.clock.monotonicMs() - this.refreshedAt >= this.ttlMs) await this.refresh();
    return this.runs;
  }

  async filtered(filter: RunFilter): Promise<RunSummary[]> {
    return (await this.list()).filter(
      (r) => (filter.feature === undefined || r.featureSha === filter.feature) && (filter.status === undefined || r.status === filter.status) && (filter.mode === undefined || r.mode === filter.mode),
    );
  }

  async get(featureSha: string, runId: string): Promise<RunSummary | undefined> {
    return (await this.list()).find((r) => r.featureSha === featureSha && r.runId === runId);
  }

  /** Forces the next read to rescan (after an approval, for instance). */
  invalidate(featureSha?: string, runId?: string): void {
    if (featureSha !== undefined && runId !== undefined) this.cache.delete(`${featureSha}/${runId}`);
    this.refreshedAt = Number.NEGATIVE_INFINITY;
  }

  refresh(): Promise<void> {
    // One scan at a time; concurrent requests share it.
    this.inflight ??= this.scan().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async scan(): Promise<void> {
    const next: RunSummary[] = [];
    const seen = new Set<string>();
    const features = (await this.fs.stat(this.reportsDir))?.kind === 'directory' ? (await this.fs.readdir(this.reportsDir)).filter((n) => FEATURE_SHA.test(n)) : [];
    for (const sha of features) {
      const dir = path.join(this.reportsDir, sha);
      if ((await this.fs.lstat(dir))?.kind !== 'directory') continue;
      const names = await this.fs.readdir(dir);
      const latest = names.includes('latest') ? await this.fs.readlink(path.join(dir, 'latest')).catch(() => '') : '';
      for (const runId of names) {
        if (!RUN_ID.test(runId)) continue;
        const key = `${sha}/${runId}`;
        seen.add(key);
        let summary = this.cache.get(key);
        if (summary === undefined || !SETTLED.has(summary.status)) {
          const fresh = await this.read(sha, runId);
          // Keep the cached object when nothing changed, so `version` only moves on real changes.
          if (summary === undefined || JSON.stringify({ ...fresh, latest: summary.latest }) !== JSON.stringify(summary)) summary = fresh;
        }
        if (summary.latest !== (runId === latest)) summary = { ...summary, latest: runId === latest };
        this.cache.set(key, summary);
        next.push(summary);
      }
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    next.sort((a, b) => compareRunIds(b.runId, a.runId) || (a.featureSha < b.featureSha ? -1 : 1));
    if (next.length !== this.runs.length || next.some((r, i) => r !== this.runs[i])) this.version += 1;
    this.runs = next;
    this.refreshedAt = this.clock.monotonicMs();
  }

  private async read(featureSha: string, runId: string): Promise<RunSummary> {
    const file = path.join(this.reportsDir, featureSha, runId, 'manifest.json');
    let doc: unknown;
    let damaged = false;
    try {
      doc = (await this.fs.lstat(file))?.kind === 'file' ? JSON.parse(await this.fs.readText(file)) : undefined;
      damaged = doc === undefined;
    } catch {
      damaged = true;
    }
    const m = manifestFacts(doc);
    return {
      featureSha,
      runId,
      mode: m.mode,
      status: damaged ? 'damaged' : m.status,
      initiator: m.initiator,
      startedAt: m.startedAt ?? '',
      endedAt: m.finishedAt ?? '',
      durationMs: spanMs(m.startedAt, m.finishedAt),
      approvals: m.approvals.length,
      latest: false,
      damaged,
    };
  }
}
