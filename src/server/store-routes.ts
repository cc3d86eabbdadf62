// `serve --store`: the organisation's runs across every project, read from the evidence store's
// indexed queries one page at a time (keyset cursor in the URL), never by loading every run.
// Read-only; every query parameter is validated before it reaches SQL (which binds them anyway).
import type { Hono } from 'hono';
import { esc } from '../core/report/format.js';
import { isFeatureSha } from '../core/evidence/run-id.js';
import { isProjectName } from '../core/store/bundle.js';
import type { RunPage, RunQuery, RunStore, StoredRunSummary } from '../core/store/ports.js';
import { page, qs, statusBadge, table } from './pages/layout.js';
import { BadRequest } from './bad-request.js';
import { RUN_STATUSES } from '../core/evidence/vocabulary.js';

const PAGE_SIZE = 50;
const STATUSES = new Set<string>(RUN_STATUSES);
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

function param(value: string | undefined, valid: (v: string) => boolean, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!valid(value)) throw new BadRequest(`${what} "${value.slice(0, 40)}" is not valid`);
  return value;
}

/** The query a request asks for, validated. */
export function storeQuery(get: (name: string) => string | undefined): RunQuery {
  const from = param(get('from'), (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)), 'from');
  const to = param(get('to'), (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)), 'to');
  const q: Record<string, string | number> = { limit: PAGE_SIZE };
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) q[key] = value;
  };
  set('project', param(get('project'), isProjectName, 'project'));
  set('featureSha', param(get('feature'), isFeatureSha, 'feature'));
  set('status', param(get('status'), (v) => STATUSES.has(v), 'status'));
  set('mode', param(get('mode'), (v) => v === 'sandbox' || v === 'compliance', 'mode'));
  set('from', from === undefined ? undefined : new Date(from).toISOString());
  set('to', to === undefined ? undefined : new Date(to).toISOString());
  set('after', param(get('after'), (v) => CURSOR.test(v), 'after'));
  return q as unknown as RunQuery;
}

function rows(runs: readonly StoredRunSummary[]): string[][] {
  return runs.map((r) => [esc(r.project), `<code>${esc(r.featureSha)}</code>`, `<code>${esc(r.runId)}</code>`, esc(r.mode), statusBadge(r.status), esc(r.startedAt), esc(r.environment ?? '—') + (r.serving ? ' (served)' : '')]);
}

function listPage(title: string, result: RunPage, query: RunQuery, base: string): string {
  const filters = { project: query.project, feature: query.featureSha, status: query.status, mode: query.mode, from: query.from, to: query.to };
  const next = result.next === undefined ? '' : `<p><a href="${base}${esc(qs({ ...filters, after: result.next }))}">Older runs →</a></p>`;
  return page(title, `<h1>${esc(title)}</h1>${table(['Project', 'Feature', 'Run', 'Mode', 'Status', 'Started', 'Environment'], rows(result.runs), 'No runs match.')}${next}`);
}

/**
 * One SQL query per distinct page per second at most: under 200 req/s the same few pages are asked
 * for over and over, and a page at most a second old is what a dashboard shows anyway (the local
 * run index refreshes on the same rhythm). Bounded, so odd filters cannot grow it without limit.
 */
function pageCache(store: RunStore, ttlMs: number, now: () => number): (query: RunQuery) => Promise<RunPage> {
  const cache = new Map<string, { at: number; page: Promise<RunPage> }>();
  return (query) => {
    const key = JSON.stringify(query);
    const hit = cache.get(key);
    if (hit !== undefined && now() - hit.at < ttlMs) return hit.page;
    if (cache.size >= 512) cache.clear();
    const page = store.listRuns(query);
    cache.set(key, { at: now(), page });
    page.catch(() => cache.delete(key));
    return page;
  };
}

export function storeRoutes(app: Hono, store: RunStore, options: { ttlMs?: number; now?: () => number } = {}): void {
  const listRuns = pageCache(store, options.ttlMs ?? 1000, options.now ?? (() => performance.now()));
  app.get('/store', async (c) => {
    const query = storeQuery((n) => c.req.query(n));
    return c.html(listPage(`Runs in ${store.display}`, await listRuns(query), query, '/store'));
  });
  app.get('/store/approvals', async (c) => {
    const query = { ...storeQuery((n) => c.req.query(n)), status: 'awaiting-approval' };
    return c.html(listPage('Pending approvals, every project', await listRuns(query), query, '/store/approvals'));
  });
  app.get('/store/serving', async (c) => {
    const project = param(c.req.query('project'), isProjectName, 'project');
    const serving = await store.serving(project);
    const body = table(['Project', 'Environment', 'Feature', 'Run', 'Status', 'Started'], serving.map((r) => [esc(r.project), esc(r.environment), `<code>${esc(r.featureSha)}</code>`, `<code>${esc(r.runId)}</code>`, statusBadge(r.status), esc(r.startedAt)]), 'Nothing serves.');
    return c.html(page('What serves now', `<h1>What serves now</h1>${body}`));
  });
  app.get('/store/api/runs', async (c) => c.json(await listRuns(storeQuery((n) => c.req.query(n)))));
}
