// GET/POST /login and POST /logout: a browser exchanges the dashboard token for a session cookie
// (session.ts) that opens log files, log tails and the live log stream. Posting the token passes the
// same CSRF and same-origin checks as approving, so a hostile page cannot log a browser in or out.
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { esc } from '../core/report/format.js';
import { page } from './pages/layout.js';
import { CSRF_COOKIE, cookie, csrfToken, sameOrigin, tokensEqual, type AllowedHosts } from './security.js';
import { localPath, Sessions } from './session.js';

function loginPage(csrf: string, next: string, problem?: string): string {
  return page(
    'Log in',
    `<h1>Log in to read command logs</h1>
<p>Command output (lint, test, build and service logs) can contain secrets even after redaction, so reading it needs the dashboard token: the one <code>specgate serve</code> printed, or <code>SPECGATE_DASHBOARD_TOKEN</code>.</p>
${problem === undefined ? '' : `<p role="alert"><b>${esc(problem)}</b></p>`}
<form class="approve" method="post" action="/login"><input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="next" value="${esc(next)}">
<label>Dashboard token <input name="token" type="password" required autocomplete="current-password"></label>
<button>Log in</button></form>`,
  );
}

export function loginRoutes(app: Hono, sessions: Sessions, allowedHosts: AllowedHosts): void {
  app.get('/login', (c) => c.html(loginPage(csrfToken(c), localPath(c.req.query('next')))));
  const limit = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('request body too large', 413) });

  app.post('/login', limit, async (c) => {
    const body = await c.req.parseBody().catch((): Record<string, unknown> => ({}));
    const field = (k: string): string => (typeof body[k] === 'string' ? body[k] : '');
    const next = localPath(field('next'));
    const expected = cookie(c, CSRF_COOKIE);
    if (!sameOrigin(c, allowedHosts) || expected === undefined || !tokensEqual(field('csrf'), expected)) {
      return c.html(loginPage(csrfToken(c), next, 'The form came from another page or has expired: try again.'), 403);
    }
    if (!sessions.tokenMatches(field('token'))) return c.html(loginPage(csrfToken(c), next, 'Wrong dashboard token.'), 403);
    c.header('Set-Cookie', sessions.issue(), { append: true });
    return c.redirect(next, 303);
  });

  app.post('/logout', limit, (c) => {
    if (!sameOrigin(c, allowedHosts)) return c.text('cross-origin request refused', 403);
    c.header('Set-Cookie', Sessions.clear(), { append: true });
    return c.redirect('/', 303);
  });
}
