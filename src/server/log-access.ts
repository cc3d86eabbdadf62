// Which evidence files are command output (and so need a login, session.ts), and the answer for a
// viewer who has not logged in.
import type { Context } from 'hono';
import { esc } from '../core/report/format.js';
import { page } from './pages/layout.js';
import { loginHref } from './session.js';

/**
 * `logs/…` and any `*.log` of a run, judged on the decoded path and case-insensitively, so
 * `LOGS%2Flint.log` or `logs/x.LOG` cannot slip past; a path that does not decode counts as a log.
 */
export function isCommandLog(encoded: string): boolean {
  let rel: string;
  try {
    rel = decodeURIComponent(encoded).toLowerCase();
  } catch {
    return true;
  }
  return rel.startsWith('logs/') || rel.startsWith('logs\\') || rel.endsWith('.log');
}

/** 401: an API client is told to send the token, a browser gets a page with the login link. */
export function logLocked(c: Context, next: string): Response {
  c.header('WWW-Authenticate', 'Bearer realm="specgate-dashboard"');
  const body = `<h1>401 Log in to read command logs</h1><p>Command output can contain secrets even after redaction, so reading it needs the dashboard token.</p><p><a href="${esc(loginHref(next))}">Log in with the dashboard token</a> · <a href="/">Back to runs</a></p>`;
  return c.html(page('Log in to read command logs', body), 401);
}
