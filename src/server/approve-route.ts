// POST /runs/<sha>/<run>/approve: the only state-changing route. The dashboard token is required
// (bearer header for API clients, form field for browsers); browser forms must also pass the
// double-submit CSRF check and every request the same-origin check. The approval itself is the
// pipeline's approveRun, behind ApprovePort.
import type { Context } from 'hono';
import { isSpecgateError } from '../core/errors.js';
import type { ApprovePort } from './app.js';
import { BadRequest } from './bad-request.js';
import { CSRF_COOKIE, cookie, sameOrigin, tokensEqual, type AllowedHosts } from './security.js';
import { errorPage } from './pages/approvals.js';

interface RunRef {
  readonly featureSha: string;
  readonly runId: string;
  readonly runDir: string;
}

export interface ApproveRouteDeps {
  readonly token: string;
  readonly approve: ApprovePort;
  /** Validates the URL's feature SHA and run id (throws BadRequest). */
  readonly runRef: (c: Context) => RunRef;
  readonly exists: (ref: RunRef) => Promise<boolean>;
  /** Called after a recorded approval, to refresh caches. */
  readonly approved: (ref: RunRef) => void;
  /** The dashboard's own origins (security.ts). */
  readonly allowedHosts: AllowedHosts;
}

export function approveRoute(deps: ApproveRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const ref = deps.runRef(c);
    const auth = c.req.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
    const type = c.req.header('content-type') ?? '';
    let body: Record<string, unknown> = {};
    if (type.startsWith('application/json')) body = ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    else if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) body = await c.req.parseBody();
    const field = (k: string): string => (typeof body[k] === 'string' ? (body[k]) : '');
    const given = bearer ?? field('token');
    const wantsHtml = bearer === undefined;
    const deny = (status: 401 | 403, why: string) => {
      if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="specgate-dashboard"');
      return wantsHtml ? c.html(errorPage(status, status === 401 ? 'Authentication required' : 'Forbidden', why), status) : c.json({ error: why }, status);
    };
    if (given === '') return deny(401, 'approving needs the dashboard token (printed by `specgate serve`, or SPECGATE_DASHBOARD_TOKEN)');
    if (!tokensEqual(given, deps.token)) return deny(403, 'wrong dashboard token');
    if (!sameOrigin(c, deps.allowedHosts)) return deny(403, 'cross-origin request refused');
    if (bearer === undefined) {
      const expected = cookie(c, CSRF_COOKIE);
      if (expected === undefined || !tokensEqual(field('csrf'), expected)) return deny(403, 'missing or wrong CSRF token: reload the run page and try again');
    }
    const by = field('by').trim();
    const reason = field('reason').trim();
    if (by === '' || by.length > 200 || reason.length > 500 || /[\u0000-\u001f]/.test(by + reason)) throw new BadRequest('approver name (1–200 characters) is required; reason at most 500 characters');
    if (!(await deps.exists(ref))) return c.html(errorPage(404, 'Not found', `no run ${ref.runId}`), 404);
    try {
      const approval = await deps.approve({ ...ref, by, ...(reason === '' ? {} : { reason }) });
      deps.approved(ref);
      return wantsHtml ? c.redirect(`/runs/${ref.featureSha}/${ref.runId}?approved=1`, 303) : c.json({ approved: true, runId: ref.runId, by: approval.by, at: approval.at });
    } catch (error) {
      if (!isSpecgateError(error)) throw error;
      const status = error.code === 'SELF_APPROVAL' ? 403 : error.code === 'NOT_AWAITING_APPROVAL' || error.code === 'ALREADY_APPROVED' ? 409 : 422;
      const why = `${error.code}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      return wantsHtml ? c.html(errorPage(status, 'Approval refused', why), status) : c.json({ error: why, code: error.code }, status);
    }
  };
}
