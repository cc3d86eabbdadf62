// The dashboard's index of runs. Listing 10,000 runs must not parse 10,000 manifests per request:
// a finished run's manifest no longer changes, so it is read once and cached; only runs still in
// progress or awaiting approval are re-read, and a refresh happens at most once per `ttlMs`.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../core/ports.js';
import { manifestFacts } from '../core/report/facts.js';
import { isFeatureSha, isRunId } from '../core/evidence/run-id.js';
import { spanMs } from '../core/report/read.js';
import { failureCause } from '../core/report/cause.js';
import { EVIDENCE_FILE, SETTLED_RUN_STATUSES } from '../core/evidence/vocabulary.js';
import { readRunMetrics, type RunMetrics } from './run-metrics.js';

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
  /** Stages recorded so far: a running run's page reloads when one more finishes. */
  readonly stages: number;
  /** The deploy stage's outcome, when the run reached it. */
  readonly deploy?: { readonly status: string; readonly summary: string; readonly endedAt: string };
  /** First non-passing gate (or stage summary) of the first stage that did not pass. */
  readonly problem?: string;
  /** Scenario totals of a run that did not pass, from spec-coverage.json. */
  readonly scenarios?: { readonly failed: number; readonly total: number };
  /** What the trends page charts; only for settled runs (a running run's numbers are not final). */
  readonly metrics?: RunMetrics;
}

/** Statuses after which the runner never rewrites the manifest. */
const SETTLED = new Set<string>(SETTLED_RUN_STATUSES);

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

/** Sort key that orders run ids chronologically as plain strings (`…-10` after `…-9`). */
function sortKey(runId: string): string {
  const [ts = '', n = '1'] = runId.split('-');
  return `${ts}-${n.padStart(5, '0')}`;
}

/** Runs `fn` over `items` with at most `limit` in flight: cold start reads thousands of manifests. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export class RunIndex {
  private runs: RunSummary[] = [];
  private readonly cache = new Map<string, RunSummary>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private loaded = false;
  private mustAwait = true;
  private inflight: Promise<void> | undefined;
  private featureRows: { version: number; rows: readonly FeatureSummary[] } | undefined;
  private readonly featureDirs = new Map<string, { mtimeMs: number; latest: string; runIds: string[] }>();
  /** Bumped whenever the list changes: lets server-sent events tell clients to reload. */
  version = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly reportsDir: string,
    private readonly clock: Clock,
    private readonly ttlMs = 1000,
  ) {}

  /**
   * The runs, newest first. A stale index is refreshed in the background (stale-while-revalidate),
   * so a request never waits for a rescan, except the very first one and after invalidate().
   */
  async list(): Promise<readonly RunSummary[]> {
    if (this.clock.monotonicMs() - this.refreshedAt >= this.ttlMs) {
      const refreshing = this.refresh();
      if (!this.loaded || this.mustAwait) await refreshing;
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
      if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.latest === latestLink) continue;
      const names = await this.fs.readdir(dir);
      this.featureDirs.set(sha, { mtimeMs: info.mtimeMs, latest: latestLink, runIds: names.filter((n) => isRunId(n)) });
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
    const keyed = next.map((r) => [sortKey(r.runId), r] as const);
    keyed.sort((a, b) => (a[0] === b[0] ? (a[1].featureSha < b[1].featureSha ? -1 : 1) : a[0] < b[0] ? 1 : -1));
    this.runs = keyed.map(([, r]) => r);
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

  private async read(featureSha: string, runId: string): Promise<RunSummary> {
    const file = path.join(this.reportsDir, featureSha, runId, EVIDENCE_FILE.manifest);
    let doc: unknown;
    let damaged = false;
    try {
      doc = (await this.fs.lstat(file))?.kind === 'file' ? JSON.parse(await this.fs.readText(file)) : undefined;
      damaged = doc === undefined;
    } catch {
      damaged = true;
    }
    const m = manifestFacts(doc);
    const deploy = m.stages.find((st) => st.name === 'deploy' && st.status !== 'skipped');
    const problem = damaged || m.status === 'success' || m.status === 'running' ? undefined : failureCause(doc, undefined, undefined)?.headline;
    const metrics = damaged || !SETTLED.has(m.status) ? undefined : await readRunMetrics(this.fs, path.dirname(file), m);
    const scenarios = problem === undefined ? undefined : (metrics?.scenarios ?? (await this.scenarioTotals(featureSha, runId)));
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
      stages: m.stages.length,
      ...(deploy === undefined ? {} : { deploy: { status: deploy.status, summary: deploy.summary, endedAt: deploy.finishedAt ?? '' } }),
      ...(problem === undefined ? {} : { problem }),
      ...(scenarios === undefined ? {} : { scenarios }),
      ...(metrics === undefined ? {} : { metrics }),
    };
  }

  /** Failed/total scenarios of a run that did not pass (bounded read: a coverage file is small). */
  private async scenarioTotals(featureSha: string, runId: string): Promise<{ failed: number; total: number } | undefined> {
    const file = path.join(this.reportsDir, featureSha, runId, EVIDENCE_FILE.coverage);
    try {
      const info = await this.fs.lstat(file);
      if (info?.kind !== 'file' || info.size > 8 * 1024 * 1024) return undefined;
      const doc = JSON.parse(await this.fs.readText(file)) as unknown;
      const totals = (doc as { totals?: { failed?: unknown; total?: unknown; passed?: unknown } }).totals;
      if (typeof totals?.total !== 'number' || typeof totals.passed !== 'number') return undefined;
      return { failed: totals.total - totals.passed, total: totals.total };
    } catch {
      return undefined;
    }
  }
}
