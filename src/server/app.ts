// The dashboard: server-rendered pages over the same application functions as the CLI. Read-only
// pages are open (the server binds loopback by default); approving needs the dashboard token and
// passes CSRF and same-origin checks. Every id in a URL is validated before it touches the disk.
// Routes live in page-routes.ts (project pages) and run-routes.ts (one run); this file wires them.
import { Hono, type Context } from 'hono';
import type { Clock, FileSystem } from '../core/ports.js';
import { isSpecgateError } from '../core/errors.js';
import type { EvidencePort } from '../app/report/evidence-port.js';
import type { EvidencePorts } from '../core/evidence/ports.js';
import { RunIndex } from './run-index.js';
import { securityHeaders, hostCheck, LOOPBACK_HOSTS, type AllowedHosts } from './security.js';
import { errorPage } from './pages/approvals.js';
import { APP_CSS, APP_JS } from './assets.js';
import { BadRequest } from './bad-request.js';
import { eventsRoute } from './events-route.js';
import { StreamLimits, type StreamCaps } from './stream-limits.js';
import { StagingCache, type StagingPort } from './staging-cache.js';
import { storeRoutes } from './store-routes.js';
import type { RunStore } from '../core/store/ports.js';
import { LedgerReader } from './ledger-reader.js';
import { RunReports } from './run-reports.js';
import { pageRoutes } from './page-routes.js';
import { runRoutes } from './run-routes.js';
import type { ApprovalCheckPort } from '../app/report/approvals.js';
import { Sessions } from './session.js';
import { loginRoutes } from './login-route.js';
import type { DashboardFiles } from './ports.js';
import { AnchorClaimsCache } from './anchor-claims.js';

/** Records an approval; in production `approveRun` of src/app/pipeline/approve.ts. */
export type ApprovePort = (input: { readonly featureSha: string; readonly runId: string; readonly by: string; readonly reason?: string }) => Promise<{ readonly by: string; readonly at: string }>;

/** The ports every dashboard needs; src/server/compose.ts wires them to Node (nodeDashboardPorts). */
export interface DashboardPorts {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly files: DashboardFiles;
  /** The ledger and run verifier (libraryEvidence with the project's trusted key, in production). */
  readonly evidence: EvidencePort;
  /** The run locator's store: which runs a feature folder holds and which one `latest` names. */
  readonly locator: Pick<EvidencePorts, 'runs'>;
}

export interface DashboardOptions extends DashboardPorts {
  /** Absolute path of reports/. */
  readonly reportsDir: string;
  /** The approver token (SPECGATE_DASHBOARD_TOKEN or generated at start). */
  readonly token: string;
  readonly approve: ApprovePort;
  readonly project?: string;
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
  /** The project's listed approvers: recorded approvals count only when they verify against these. */
  readonly approvals?: ApprovalCheckPort;
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
  /** Builds the run index and collects the ledger anchor claims ahead of the first page that needs them. */
  warm(): Promise<void>;
}

const MAX_URL = 4096;

/** Security headers, the Host check, Server-Timing and the URL length cap, before any route. */
function middleware(app: Hono, clock: Clock, allowedHosts: AllowedHosts): void {
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
}

const notFound = (c: Context) => c.html(errorPage(404, 'Not found', 'No such run or page. Runs are listed on the front page.'), 404);

function errors(app: Hono, log: DashboardOptions['log']): void {
  app.notFound(notFound);
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.html(errorPage(400, 'Bad request', error.message), 400);
    // Expected failures (a run folder without a manifest, unreadable evidence) are the evidence's fault, not ours.
    if (isSpecgateError(error)) return c.html(errorPage(422, 'Cannot show this run', `${error.code}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`), 422);
    log?.(`dashboard error on ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}: ${error instanceof Error ? error.message : String(error)}`);
    return c.html(errorPage(500, 'Internal error', 'The dashboard hit an unexpected error; the details are in the server log.'), 500);
  });
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const { fs, clock, reportsDir, files } = options;
  const index = new RunIndex(fs, reportsDir, clock, options.indexTtlMs ?? 1000, options.locator);
  // Every ledger verification (run pages, the ledger page) shares the anchor claims of all runs.
  const claims = new AnchorClaimsCache(index, files.stamp);
  const evidence = claims.wrap(options.evidence);
  const staging = new StagingCache(options.staging, clock);
  const ledger = new LedgerReader(reportsDir, evidence, files.stamp);
  const project = options.project === undefined ? {} : { project: options.project };
  const reports = new RunReports({ fs, files, clock, reportsDir, evidence, index, ...project, ...(options.approvals === undefined ? {} : { approvals: options.approvals }) });
  // Command logs need the dashboard token (a bearer or a /login session): session.ts, log-access.ts.
  const sessions = new Sessions(options.token, clock);
  const allowedHosts = options.allowedHosts ?? LOOPBACK_HOSTS;
  const app = new Hono();
  middleware(app, clock, allowedHosts);
  pageRoutes(app, { index, staging, ledger, ...project });
  runRoutes(app, { fs, clock, reportsDir, index, reports, staging, ledger, token: options.token, allowedHosts, approve: options.approve, notFound, sessions });
  const streams = new StreamLimits(options.streamCaps);
  app.get('/events', eventsRoute({ fs, tail: files.tail, reportsDir, index, intervalMs: options.eventsIntervalMs ?? 1000, limits: streams, mayReadLogs: (c) => sessions.authorised(c) }));
  loginRoutes(app, sessions, allowedHosts);
  if (options.runStore !== undefined) storeRoutes(app, options.runStore);
  errors(app, options.log);
  return { app, index, streams, close: () => streams.closeAll(), warm: () => claims.warm(options.evidence, reportsDir) };
}
