// Who may read command output. Logs can hold secrets even after redaction (a value under 6
// characters, a shape the redactor does not know), so log files, log tails and the live log stream
// need the dashboard token: an API client sends it as a bearer header, a browser logs in once and
// gets a session cookie. The cookie is `<expiry>.<HMAC(expiry)>` under a key drawn at start: no
// server-side session table to grow, nothing derived from the token, void after a restart.
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Clock } from '../core/ports.js';
import { cookie, tokensEqual } from './security.js';

export const SESSION_COOKIE = 'sg_session';
/** A working day; then the browser logs in again. */
export const SESSION_SECONDS = 12 * 60 * 60;

export class Sessions {
  private readonly key = randomBytes(32);

  constructor(
    private readonly token: string,
    private readonly clock: Clock,
  ) {}

  private mac(expiry: string): string {
    return createHmac('sha256', this.key).update(`specgate-session\0${expiry}`).digest('base64url');
  }

  /** The Set-Cookie value for a browser that just gave the right token. */
  issue(): string {
    const expiry = String(Math.floor(this.clock.now().getTime() / 1000) + SESSION_SECONDS);
    return `${SESSION_COOKIE}=${expiry}.${this.mac(expiry)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}`;
  }

  /** The Set-Cookie value that ends a session. */
  static clear(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  /** True for the right token (constant-time compare). */
  tokenMatches(given: string): boolean {
    return given !== '' && tokensEqual(given, this.token);
  }

  /** A bearer token equal to the dashboard token, or a session cookie this server issued that has not expired. */
  authorised(c: Context): boolean {
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ')) return this.tokenMatches(auth.slice('Bearer '.length).trim());
    const value = cookie(c, SESSION_COOKIE);
    const m = value === undefined ? null : /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (m === null) return false;
    const [, expiry = '', mac = ''] = m;
    return tokensEqual(mac, this.mac(expiry)) && Number(expiry) * 1000 > this.clock.now().getTime();
  }
}

/** Where to go after logging in: only a path on this dashboard (never `//host` or a scheme). */
export function localPath(next: string | undefined): string {
  return next !== undefined && /^\/(?![/\\])[^\s\\]*$/.test(next) && next.length <= 1000 ? next : '/';
}

/** The login link for a page that hides logs. */
export function loginHref(next: string): string {
  return `/login?next=${encodeURIComponent(localPath(next))}`;
}
