// The dashboard: server-rendered pages over the same application functions as the CLI. Read-only
// pages are open (the server binds loopback by default); approving needs the dashboard token and
// passes CSRF and same-origin checks. Every id in a URL is validated before it touches the disk.
import * as path from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock, FileSystem } from '../core/ports.js';
import { isSpecgateError } from '../core/errors.js';
import { isFeatureSha, isRunId } from '../core/evidence/run-id.js';
import { buildExecutiveReport } from '../core/report/build.js';
import { renderHtmlBody, renderHtml } from '../core/report/html.js';
import { renderMarkdown } from '../core/report/markdown.js';
import { dashboardLinks } from '../core/report/document.js';
import { gatherRunEvidence } from '../app/report/gather.js';
import type { ApprovalCheckPort } from '../app/report/approvals.js';
import { libraryEvidence, type EvidencePort, type LedgerReading } from '../app/report/evidence-port.js';
import { RunIndex, type RunFilter } from './run-index.js';
import { securityHeaders, csrfToken, hostCheck, LOOPBACK_HOSTS, type AllowedHosts } from './security.js';
import { runListPage } from './pages/runs.js';
import { runPage } from './pages/run.js';
import { ledgerPage } from './pages/ledger.js';
import { trendsPage, TRENDS_DEFAULT, TRENDS_MAX } from './pages/trends.js';
import { approvalsPage, errorPage } from './pages/approvals.js';
import { page } from './pages/layout.js';
import { APP_CSS, APP_JS } from './assets.js';
import { serveArtifact } from './artifacts.js';
import { BadRequest } from './bad-request.js';
import { approveRoute } from './approve-route.js';
import { eventsRoute } from './events-route.js';
import { StreamLimits, type StreamCaps } from './stream-limits.js';
import { loginHref, Sessions } from './session.js';
import { loginRoutes } from './login-route.js';
import { isCommandLog, logLocked } from './log-access.js';
import { VerdictCache } from './verdict-cache.js';
import { SchemaRegistry } from '../app/report/schemas.js';
import { changeStamp } from '../adapters/evidence/change-stamp.js';
import type { RunEvidence } from '../core/report/evidence.js';
import type { ExecutiveReport } from '../core/report/model.js';
import { failureCause } from '../core/report/cause.js';
import { readTail } from '../adapters/evidence/tail.js';
import type { CauseView } from './pages/cause.js';
import { StagingCache, type StagingPort } from './staging-cache.js';
import { AUDIT_DIR, EVIDENCE_FILE, LEDGER_PATH, RUN_STATUSES } from '../core/evidence/vocabulary.js';
import { storeRoutes } from './store-routes.js';
import type { RunStore } from '../core/store/ports.js';

/** Records an approval; in production `approveRun` of src/app/pipeline/approve.ts. */
export type ApprovePort = (input: { readonly featureSha: string; readonly runId: string; readonly by: string; readonly reason?: string }) => Promise<{ readonly by: string; readonly at: string }>;

export interface DashboardOptions {
  readonly fs: FileSystem;
  readonly clock: Clock;
  /** Absolute path of reports/. */
  readonly reportsDir: string;
  /** The approver token (SPECGATE_DASHBOARD_TOKEN or generated at start). */
  readonly token: string;
  readonly approve: ApprovePort;
  readonly project?: string;
  readonly evidence?: EvidencePort;
  /** The project's listed approvers: recorded approvals count only when they verify against these. */
  readonly approvals?: ApprovalCheckPort;
  readonly indexTtlMs?: number;
  /** `serve --store`: the organisation's evidence store, listed under /store (store-routes.ts). */
  readonly runStore?: RunStore;
  /** How often server-sent events check for changes. */
  readonly eventsIntervalMs?: number;
  /** What serves staging now; absent when the dashboard shows evidence without a project (`--reports`). */
  readonly staging?: StagingPort;
  /** Receives one line per server error; never given secrets. */
  readonly log?: (line: string) => void;
  /** Host values answered (name:port); the rest get 421. Default: loopback names without a port. */
  readonly allowedHosts?: AllowedHosts;
  /** Live event streams open at once, per client and in total (default DEFAULT_STREAM_CAPS). */
  readonly streamCaps?: StreamCaps;
}

export interface Dashboard {
  readonly app: Hono;
  readonly index: RunIndex;
  /** Live event streams open now, and their caps. */
  readonly streams: StreamLimits;
  /** Ends live event streams so the HTTP server can close. */
  close(): void;
}

const MAX_URL = 4096;
/** The ledger page pages through the newest 10,000 matching checkpoints; `specgate audit` has them all. */
const LEDGER_TAIL = 10_000;
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

export function createDashboard(options: DashboardOptions): Dashboard {
  const { fs, clock, reportsDir } = options;
  const evidence = options.evidence ?? libraryEvidence(fs);
  const index = new RunIndex(fs, reportsDir, clock, options.indexTtlMs ?? 1000);
  const staging = new StagingCache(options.staging, clock);
  const app = new Hono();
  const sessions = new Sessions(options.token, clock);
  // Ledger readings by (file size+mtime, selection): the chain is re-verified whenever the file changes.
  const ledgerCache = new Map<string, LedgerReading & { matched: number }>();

  async function readLedger(select: { run?: string; feature?: string }): Promise<LedgerReading & { matched: number }> {
    const info = await fs.stat(path.join(reportsDir, LEDGER_PATH));
    const key = `${info === undefined ? 'none' : `${info.size}:${info.mtimeMs}`}|${select.run ?? ''}|${select.feature ?? ''}`;
    let reading = ledgerCache.get(key);
    if (reading === undefined) {
      reading = await evidence.verifyLedger(reportsDir, { ...(select.run ? { runId: select.run } : {}), ...(select.feature ? { featureSha: select.feature } : {}), tail: LEDGER_TAIL });
      if (ledgerCache.size >= 16) ledgerCache.clear();
      ledgerCache.set(key, reading);
    }
    return reading;
  }

  function runRef(c: Context): { featureSha: string; runId: string; runDir: string } {
    const featureSha = c.req.param('sha') ?? '';
    const runId = c.req.param('run') ?? '';
    if (!isFeatureSha(featureSha) || !isRunId(runId)) throw new BadRequest('malformed feature SHA or run id');
    return { featureSha, runId, runDir: path.join(reportsDir, featureSha, runId) };
  }

  async function known(c: Context) {
    const ref = runRef(c);
    if ((await index.get(ref.featureSha, ref.runId)) === undefined) {
      index.invalidate();
      if ((await index.get(ref.featureSha, ref.runId)) === undefined) return undefined;
    }
    return ref;
  }

  const stagingOf = async () => {
    const now = await staging.get();
    return now === undefined ? {} : { staging: now };
  };

  const notFound = (c: Context) => c.html(errorPage(404, 'Not found', 'No such run or page. Runs are listed on the front page.'), 404);

  // Compiled once: compiling the JSON Schemas per view cost more than the verification itself.
  const schemas = new SchemaRegistry(fs);
  const verdicts = new VerdictCache<{ ev: RunEvidence; report: ExecutiveReport; cause?: CauseView }>();
  function reportOf(ref: { featureSha: string; runId: string; runDir: string }) {
    // Everything the verification reads: the run's files, the feature folder (trend), the ledger and
    // its signed heads (audit/). Other runs' manifest anchors are covered by the index version
    // (runs added or removed); a finished run's manifest edited in place is what `audit verify` finds.
    const stamp = async () => `${index.version}:${await changeStamp({ dirs: [ref.runDir, path.join(reportsDir, AUDIT_DIR)], files: [path.dirname(ref.runDir)], hashed: [path.join(ref.runDir, EVIDENCE_FILE.manifest)] })}`;
    return verdicts.get(`${ref.featureSha}/${ref.runId}`, stamp, async () => {
      const ev = await gatherRunEvidence({ fs, clock, reportsDir, runDir: ref.runDir, evidence, schemas, ...(options.approvals === undefined ? {} : { approvals: options.approvals }), ...(options.project === undefined ? {} : { project: options.project }) });
      const doc = (name: 'manifest' | 'coverage' | 'validation') => (ev.docs[name].state === 'ok' ? ev.docs[name].doc : undefined);
      const cause = failureCause(doc('manifest'), doc('coverage'), doc('validation'));
      const logTail = cause?.log === undefined ? undefined : await readTail(path.join(ref.runDir, cause.log));
      return { ev, report: buildExecutiveReport(ev), ...(cause === undefined ? {} : { cause: { cause, ...(logTail === undefined ? {} : { logTail }) } }) };
    });
  }

  const allowedHosts = options.allowedHosts ?? LOOPBACK_HOSTS;
  app.use('*', securityHeaders);
  app.use('*', hostCheck(allowedHosts));
  app.use('*', async (c, next) => {
    // Server-Timing lets the benchmark (and the browser's devtools) see the server's own time.
    const t0 = clock.monotonicMs();
    await next();
    c.header('Server-Timing', `app;dur=${(clock.monotonicMs() - t0).toFixed(1)}`);
  });
  app.use('*', async (c, next) => {
    // Oversized URLs are refused before any routing or parsing.
    if (c.req.url.length > MAX_URL) return c.html(errorPage(414, 'URI too long', `requests are limited to ${MAX_URL} characters`), 414);
    await next();
  });

  app.get('/static/app.js', (c) => c.body(APP_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' }));
  app.get('/static/app.css', (c) => c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' }));
  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/', async (c) => {
    const filter: RunFilter = {
      ...(optional(c.req.query('feature'), (v) => isFeatureSha(v), 'feature') === undefined ? {} : { feature: c.req.query('feature') }),
      ...(optional(c.req.query('status'), (v) => STATUSES.has(v), 'status') === undefined ? {} : { status: c.req.query('status') }),
      ...(optional(c.req.query('mode'), (v) => v === 'sandbox' || v === 'compliance', 'mode') === undefined ? {} : { mode: c.req.query('mode') }),
    };
    const pageNo = pageNumber(c.req.query('page'));
    const all = await index.list();
    const front = { all, ...(options.project === undefined ? {} : { project: options.project }), ...(await stagingOf()) };
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
    return c.html(ledgerPage(await readLedger(filter), filter, pageNumber(c.req.query('page')), (await index.list()).length));
  });

  app.get('/runs/:sha/:run', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const { ev, report, cause } = await reportOf(ref);
    const flash = c.req.query('approved') === '1' ? 'Approval recorded in the run and the ledger.' : undefined;
    const serving = (await staging.get())?.serving;
    const deployed = serving?.runId === ref.runId && serving.featureSha === ref.featureSha;
    // Command output needs a login (session.ts): without one the tail is left out, not just hidden.
    const logLogin = sessions.authorised(c) ? undefined : loginHref(`${new URL(c.req.url).pathname}`);
    const shown = cause === undefined ? {} : { cause: logLogin === undefined ? cause : { cause: cause.cause, login: logLogin } };
    return c.html(runPage({ evidence: ev, report, ...shown, ...(logLogin === undefined ? {} : { logLogin }), ...ref, sbomQuery: q, csrf: csrfToken(c), now: clock.now(), deployed, ...(flash ? { flash } : {}) }));
  });

  app.get('/runs/:sha/:run/report', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    const { report } = await reportOf(ref);
    return c.html(page(`Report ${ref.runId}`, `<p><a href="/runs/${ref.featureSha}/${ref.runId}">← run ${ref.runId}</a></p>${renderHtmlBody(report, dashboardLinks(ref.featureSha, ref.runId))}`));
  });
  app.get('/runs/:sha/:run/report.md', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    return c.body(renderMarkdown((await reportOf(ref)).report, dashboardLinks(ref.featureSha, ref.runId)), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  });
  app.get('/runs/:sha/:run/report.html', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    // A standalone document with its own <style>: offered as a download, never rendered under our CSP.
    return c.body(renderHtml((await reportOf(ref)).report), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': `attachment; filename="executive-report-${ref.runId}.html"` });
  });
  app.get('/runs/:sha/:run/report.json', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    return c.json((await reportOf(ref)).report);
  });

  app.get('/runs/:sha/:run/files/*', async (c) => {
    const ref = await known(c);
    if (ref === undefined) return notFound(c);
    const prefix = `/runs/${ref.featureSha}/${ref.runId}/files/`;
    const rawPath = new URL(c.req.url).pathname;
    if (!rawPath.startsWith(prefix)) throw new BadRequest('malformed file path');
    if (isCommandLog(rawPath.slice(prefix.length)) && !sessions.authorised(c)) return logLocked(c, rawPath);
    return serveArtifact(c, fs, reportsDir, ref.runDir, rawPath.slice(prefix.length));
  });

  app.post('/runs/:sha/:run/approve', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('request body too large', 413) }), approveRoute({
    token: options.token,
    allowedHosts,
    approve: options.approve,
    runRef,
    exists: async (ref) => (await index.get(ref.featureSha, ref.runId)) !== undefined,
    approved: (ref) => {
      index.invalidate(ref.featureSha, ref.runId);
      ledgerCache.clear();
    },
  }));

  const streams = new StreamLimits(options.streamCaps);
  app.get('/events', eventsRoute({ fs, reportsDir, index, intervalMs: options.eventsIntervalMs ?? 1000, limits: streams, mayReadLogs: (c) => sessions.authorised(c) }));
  loginRoutes(app, sessions, allowedHosts);

  if (options.runStore !== undefined) storeRoutes(app, options.runStore);

  app.notFound(notFound);
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.html(errorPage(400, 'Bad request', error.message), 400);
    // Expected failures (a run folder without a manifest, unreadable evidence) are the evidence's fault, not ours.
    if (isSpecgateError(error)) return c.html(errorPage(422, 'Cannot show this run', `${error.code}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`), 422);
    options.log?.(`dashboard error on ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}: ${error instanceof Error ? error.message : String(error)}`);
    return c.html(errorPage(500, 'Internal error', 'The dashboard hit an unexpected error; the details are in the server log.'), 500);
  });

  return { app, index, streams, close: () => streams.closeAll() };
}
