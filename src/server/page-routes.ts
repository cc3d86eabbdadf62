// The pages over the whole project: the front page (environments, then runs with filters), the
// trends, the approvals waiting and the ledger. Query values are validated; a bad one is a 400.
import type { Hono } from 'hono';
import { isFeatureSha, isRunId } from '../core/evidence/run-id.js';
import { RUN_STATUSES } from '../core/evidence/vocabulary.js';
import { BadRequest } from './bad-request.js';
import type { RunFilter, RunIndex } from './run-index.js';
import type { StagingCache } from './staging-cache.js';
import type { LedgerReader } from './ledger-reader.js';
import { runListPage } from './pages/runs.js';
import { ledgerPage } from './pages/ledger.js';
import { trendsPage, TRENDS_DEFAULT, TRENDS_MAX } from './pages/trends.js';
import { approvalsPage } from './pages/approvals.js';

// `damaged`: the dashboard's own status for a run folder whose manifest cannot be read.
const STATUSES = new Set<string>([...RUN_STATUSES, 'damaged']);

function pageNumber(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (!/^\d{1,6}$/.test(value)) throw new BadRequest(`page must be a positive whole number`);
  return Math.max(1, Number(value));
}

function optional(value: string | undefined, valid: (v: string) => boolean, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!valid(value)) throw new BadRequest(`${what} "${value.slice(0, 40)}" is not valid`);
  return value;
}

export interface PageRoutesDeps {
  readonly index: RunIndex;
  readonly staging: StagingCache;
  readonly ledger: LedgerReader;
  readonly project?: string;
}

export function pageRoutes(app: Hono, deps: PageRoutesDeps): void {
  const { index } = deps;
  app.get('/', async (c) => {
    const feature = optional(c.req.query('feature'), (v) => isFeatureSha(v), 'feature');
    const status = optional(c.req.query('status'), (v) => STATUSES.has(v), 'status');
    const mode = optional(c.req.query('mode'), (v) => v === 'sandbox' || v === 'compliance', 'mode');
    const filter: RunFilter = { ...(feature === undefined ? {} : { feature }), ...(status === undefined ? {} : { status }), ...(mode === undefined ? {} : { mode }) };
    const pageNo = pageNumber(c.req.query('page'));
    const all = await index.list();
    const staging = await deps.staging.get();
    const front = { all, ...(deps.project === undefined ? {} : { project: deps.project }), ...(staging === undefined ? {} : { staging }) };
    return c.html(runListPage(await index.filtered(filter), all.length, await index.features(), filter, pageNo, front));
  });

  app.get('/trends', async (c) => {
    const n = optional(c.req.query('n'), (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= TRENDS_MAX, `n (1 to ${TRENDS_MAX})`);
    return c.html(trendsPage(await index.list(), n === undefined ? TRENDS_DEFAULT : Number(n)));
  });

  app.get('/approvals', async (c) => c.html(approvalsPage(await index.filtered({ status: 'awaiting-approval' }))));

  app.get('/ledger', async (c) => {
    const run = optional(c.req.query('run'), (v) => isRunId(v), 'run');
    const feature = optional(c.req.query('feature'), (v) => isFeatureSha(v), 'feature');
    const filter = { ...(run ? { run } : {}), ...(feature ? { feature } : {}) };
    return c.html(ledgerPage(await deps.ledger.read(filter), filter, pageNumber(c.req.query('page')), (await index.list()).length));
  });
}
