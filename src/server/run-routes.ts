// /runs/<sha>/<run>…: the run page, its executive report (HTML page, Markdown, standalone HTML,
// JSON), its evidence files, and approving it. Ids are validated before they touch the disk; a run
// the index does not know is a 404.
import * as path from 'node:path';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock, FileSystem } from '../core/ports.js';
import { isFeatureSha, isRunId } from '../core/evidence/run-id.js';
import { renderHtml, renderHtmlBody } from '../core/report/html.js';
import { renderMarkdown } from '../core/report/markdown.js';
import { dashboardLinks } from '../core/report/document.js';
import { csrfToken, type AllowedHosts } from './security.js';
import { runPage } from './pages/run.js';
import { page } from './pages/layout.js';
import { serveArtifact } from './artifacts.js';
import { BadRequest } from './bad-request.js';
import { approveRoute } from './approve-route.js';
import type { RunIndex } from './run-index.js';
import type { RunRef, RunReports } from './run-reports.js';
import type { StagingCache } from './staging-cache.js';
import type { LedgerReader } from './ledger-reader.js';
import type { ApprovePort } from './app.js';
import { loginHref, type Sessions } from './session.js';
import { isCommandLog, logLocked } from './log-access.js';

export interface RunRoutesDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly reportsDir: string;
  readonly index: RunIndex;
  readonly reports: RunReports;
  readonly staging: StagingCache;
  readonly ledger: LedgerReader;
  readonly token: string;
  readonly allowedHosts: AllowedHosts;
  readonly approve: ApprovePort;
  readonly notFound: (c: Context) => Response | Promise<Response>;
  readonly sessions: Sessions;
}

export function runRoutes(app: Hono, deps: RunRoutesDeps): void {
  const { index, reports } = deps;
  const runRef = (c: Context): RunRef => {
    const featureSha = c.req.param('sha') ?? '';
    const runId = c.req.param('run') ?? '';
    if (!isFeatureSha(featureSha) || !isRunId(runId)) throw new BadRequest('malformed feature SHA or run id');
    return { featureSha, runId, runDir: path.join(deps.reportsDir, featureSha, runId) };
  };
  /** The run, when the index knows it (re-listed once: it may have started since the last listing). */
  const known = async (c: Context): Promise<RunRef | undefined> => {
    const ref = runRef(c);
    if ((await index.get(ref.featureSha, ref.runId)) !== undefined) return ref;
    index.invalidate();
    return (await index.get(ref.featureSha, ref.runId)) === undefined ? undefined : ref;
  };
  const route = (suffix: string, respond: (c: Context, ref: RunRef) => Promise<Response>) =>
    app.get(`/runs/:sha/:run${suffix}`, async (c) => {
      const ref = await known(c);
      return ref === undefined ? deps.notFound(c) : respond(c, ref);
    });

  route('', async (c, ref) => {
    const { ev, report, cause } = await reports.get(ref);
    const flash = c.req.query('approved') === '1' ? 'Approval recorded in the run and the ledger.' : undefined;
    const serving = (await deps.staging.get())?.serving;
    const deployed = serving?.runId === ref.runId && serving.featureSha === ref.featureSha;
    // Command output needs a login (session.ts): without one the tail is left out, not just hidden.
    const logLogin = deps.sessions.authorised(c) ? undefined : loginHref(`${new URL(c.req.url).pathname}`);
    const shown = cause === undefined ? {} : { cause: logLogin === undefined ? cause : { cause: cause.cause, login: logLogin } };
    return c.html(runPage({ evidence: ev, report, ...shown, ...(logLogin === undefined ? {} : { logLogin }), ...ref, sbomQuery: (c.req.query('q') ?? '').slice(0, 200), csrf: csrfToken(c), now: deps.clock.now(), deployed, ...(flash ? { flash } : {}) }));
  });
  route('/report', async (c, ref) => {
    const body = renderHtmlBody((await reports.get(ref)).report, dashboardLinks(ref.featureSha, ref.runId));
    return c.html(page(`Report ${ref.runId}`, `<p><a href="/runs/${ref.featureSha}/${ref.runId}">← run ${ref.runId}</a></p>${body}`));
  });
  route('/report.md', async (c, ref) => c.body(renderMarkdown((await reports.get(ref)).report, dashboardLinks(ref.featureSha, ref.runId)), 200, { 'Content-Type': 'text/markdown; charset=utf-8' }));
  // A standalone document with its own <style>: offered as a download, never rendered under our CSP.
  route('/report.html', async (c, ref) => c.body(renderHtml((await reports.get(ref)).report), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': `attachment; filename="executive-report-${ref.runId}.html"` }));
  route('/report.json', async (c, ref) => c.json((await reports.get(ref)).report));
  route('/files/*', async (c, ref) => {
    const prefix = `/runs/${ref.featureSha}/${ref.runId}/files/`;
    const rawPath = new URL(c.req.url).pathname;
    if (!rawPath.startsWith(prefix)) throw new BadRequest('malformed file path');
    if (isCommandLog(rawPath.slice(prefix.length)) && !deps.sessions.authorised(c)) return logLocked(c, rawPath);
    return serveArtifact(c, deps.fs, deps.reportsDir, ref.runDir, rawPath.slice(prefix.length));
  });

  app.post('/runs/:sha/:run/approve', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('request body too large', 413) }), approveRoute({
    token: deps.token,
    allowedHosts: deps.allowedHosts,
    approve: deps.approve,
    runRef,
    exists: async (ref) => (await index.get(ref.featureSha, ref.runId)) !== undefined,
    approved: (ref) => {
      index.invalidate(ref.featureSha, ref.runId);
      deps.ledger.clear();
    },
  }));
}
