// The dashboard's index of runs: a cache over the run locator of `specgate runs`
// (src/app/evidence/runs.ts: which runs a feature holds, which one `latest` names, in which order).
// Listing 10,000 runs must not parse 10,000 manifests per request: a feature folder is listed
// again only when its mtime or `latest` moves, a finished run's manifest no longer changes, so it
// is read once and cached; only runs still in progress or awaiting approval are re-read, and a
// refresh happens at most once per `ttlMs`.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../core/ports.js';
import { mapLimit } from '../core/async.js';
import { compareRunIds, isFeatureSha } from '../core/evidence/run-id.js';
import type { EvidencePorts } from '../core/evidence/ports.js';
import { featureRunsTolerant } from '../app/evidence/runs.js';
import { readRunSummary, SETTLED, type RunSummary } from './run-summary.js';

export type { RunSummary } from './run-summary.js';

export interface FeatureSummary {
  readonly featureSha: string;
  readonly runs: number;
  readonly newest: RunSummary;
  readonly latest?: RunSummary;
}

export interface RunFilter {
  readonly feature?: string;
  readonly status?: string;
  readonly mode?: string;
}

export class RunIndex {
  private runs: RunSummary[] = [];
  private readonly cache = new Map<string, RunSummary>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private loaded = false;
  private mustAwait = true;
  private inflight: Promise<void> | undefined;
  private featureRows: { version: number; rows: readonly FeatureSummary[] } | undefined;
  private readonly featureDirs = new Map<string, { mtimeMs: number; latestLink: string; latest: string | undefined; runIds: string[] }>();
  /** Bumped whenever the list changes: lets server-sent events tell clients to reload. */
  version = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly reportsDir: string,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** The run locator's store (src/app/evidence/runs.ts), wired by src/server/compose.ts. */
    private readonly locator: Pick<EvidencePorts, 'runs'>,
  ) {}

  /**
   * The runs, newest first. A stale index is refreshed in the background (stale-while-revalidate),
   * so a request never waits for a rescan, except the very first one and after invalidate().
   */
  async list(): Promise<readonly RunSummary[]> {
    if (this.clock.monotonicMs() - this.refreshedAt >= this.ttlMs) {
      const refreshing = this.refresh();
      if (!this.loaded || this.mustAwait) await refreshing;
      // A background rescan that fails (the reports folder removed mid-scan) keeps the last view;
      // the next request rescans. It must not become an unhandled rejection that ends the server.
      else refreshing.catch(() => undefined);
    }
    return this.runs;
  }

  async filtered(filter: RunFilter): Promise<RunSummary[]> {
    return (await this.list()).filter(
      (r) => (filter.feature === undefined || r.featureSha === filter.feature) && (filter.status === undefined || r.status === filter.status) && (filter.mode === undefined || r.mode === filter.mode),
    );
  }

  /** One row per feature, computed once per index version (the front page shows it on every request). */
  async features(): Promise<readonly FeatureSummary[]> {
    const runs = await this.list();
    if (this.featureRows?.version === this.version) return this.featureRows.rows;
    const rows = new Map<string, { featureSha: string; runs: number; newest: RunSummary; latest?: RunSummary }>();
    for (const r of runs) {
      const row = rows.get(r.featureSha) ?? { featureSha: r.featureSha, runs: 0, newest: r };
      row.runs += 1;
      if (r.latest) row.latest = r;
      rows.set(r.featureSha, row);
    }
    const sorted = [...rows.values()].sort((a, b) => (a.featureSha < b.featureSha ? -1 : 1));
    this.featureRows = { version: this.version, rows: sorted };
    return sorted;
  }

  async get(featureSha: string, runId: string): Promise<RunSummary | undefined> {
    await this.list();
    return this.cache.get(`${featureSha}/${runId}`);
  }

  /** The next read rescans and waits for it (after an approval, or a run not found yet). */
  invalidate(featureSha?: string, runId?: string): void {
    if (featureSha !== undefined && runId !== undefined) {
      this.cache.delete(`${featureSha}/${runId}`);
      this.featureDirs.delete(featureSha);
    } else this.featureDirs.clear();
    this.refreshedAt = Number.NEGATIVE_INFINITY;
    this.mustAwait = true;
  }

  refresh(): Promise<void> {
    // One scan at a time; concurrent requests share it.
    this.inflight ??= this.scan().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async scan(): Promise<void> {
    this.mustAwait = false;
    const features = (await this.fs.stat(this.reportsDir))?.kind === 'directory' ? (await this.fs.readdir(this.reportsDir)).filter((n) => isFeatureSha(n)) : [];
    // A feature folder's mtime moves when a run folder appears or leaves (new run, archive): only
    // then is it listed again. Runs still in progress are re-read on every refresh regardless.
    let changed = features.length !== this.featureDirs.size;
    const seen = new Set<string>();
    for (const sha of features) {
      const dir = path.join(this.reportsDir, sha);
      const info = await this.fs.lstat(dir);
      if (info?.kind !== 'directory') continue;
      seen.add(sha);
      const cached = this.featureDirs.get(sha);
      const latestLink = await this.fs.readlink(path.join(dir, 'latest')).catch(() => '');
      if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.latestLink === latestLink) continue;
      // The same listing as `specgate runs`; a hostile `latest` marks nothing (the CLI warns about it).
      const { runIds, latest } = await featureRunsTolerant(this.locator, this.reportsDir, sha, () => undefined);
      this.featureDirs.set(sha, { mtimeMs: info.mtimeMs, latestLink, latest, runIds });
      changed = true;
    }
    for (const sha of [...this.featureDirs.keys()]) {
      if (seen.has(sha)) continue;
      this.featureDirs.delete(sha);
      changed = true;
    }
    if (changed) await this.rebuild();
    else await this.rereadUnsettled();
    this.loaded = true;
    this.refreshedAt = this.clock.monotonicMs();
  }

  private async rebuild(): Promise<void> {
    const jobs = [...this.featureDirs.entries()].flatMap(([sha, f]) => f.runIds.map((runId) => ({ sha, runId, latest: f.latest })));
    const next = await mapLimit(jobs, 16, async ({ sha, runId, latest }) => {
      const key = `${sha}/${runId}`;
      let summary = this.cache.get(key);
      if (summary === undefined || !SETTLED.has(summary.status)) summary = await this.read(sha, runId);
      if (summary.latest !== (runId === latest)) summary = { ...summary, latest: runId === latest };
      this.cache.set(key, summary);
      return summary;
    });
    const keep = new Set(jobs.map((j) => `${j.sha}/${j.runId}`));
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
    // Newest first, as `specgate runs` orders them.
    this.runs = next.sort((a, b) => compareRunIds(b.runId, a.runId) || (a.featureSha < b.featureSha ? -1 : a.featureSha > b.featureSha ? 1 : 0));
    this.version += 1;
  }

  private async rereadUnsettled(): Promise<void> {
    let changed = false;
    const runs = [...this.runs];
    for (let i = 0; i < runs.length; i += 1) {
      const old = runs[i] as RunSummary;
      if (SETTLED.has(old.status)) continue;
      const fresh = { ...(await this.read(old.featureSha, old.runId)), latest: old.latest };
      if (JSON.stringify(fresh) === JSON.stringify(old)) continue;
      runs[i] = fresh;
      this.cache.set(`${old.featureSha}/${old.runId}`, fresh);
      changed = true;
    }
    if (changed) {
      this.runs = runs;
      this.version += 1;
    }
  }

  private read(featureSha: string, runId: string): Promise<RunSummary> {
    return readRunSummary(this.fs, this.reportsDir, featureSha, runId);
  }
}
