// Access control for the dashboard. Read-only pages are open on loopback; approving needs the
// dashboard token (bearer header or the form field) and, for browser forms, a double-submit CSRF
// token plus a same-origin check. Every response carries restrictive security headers.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

export const CSRF_COOKIE = 'sg_csrf';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes lengths equal without leaking them. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form posts.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/** Reads one cookie without a parser dependency; values are our own base64url tokens. */
export function cookie(c: Context, name: string): string | undefined {
  const header = c.req.header('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The CSRF token for this browser: reuse its cookie or mint one (SameSite=Strict, HttpOnly). */
export function csrfToken(c: Context): string {
  const existing = cookie(c, CSRF_COOKIE);
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = generateToken();
  c.header('Set-Cookie', `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`, { append: true });
  return token;
}

/** The Host values (name:port) the dashboard answers to; read per request: the port is known only after listen. */
export type AllowedHosts = () => readonly string[];

/** Without a socket (app.request in tests, library use) the dashboard answers only loopback names. */
export const LOOPBACK_HOSTS: AllowedHosts = () => ['localhost', '127.0.0.1', '[::1]'];

/** The bound address and loopback names at `port`, plus names given by the operator (NAME or NAME:PORT). */
export function boundHosts(bound: string, port: number, extra: readonly string[] = []): string[] {
  const withPort = (name: string) => (/:\d+$/.test(name) && !/^[^[]*:.*:/.test(name) ? name : `${name}:${port}`);
  const address = bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound;
  const wildcard = address === '0.0.0.0' || address === '[::]';
  return [...LOOPBACK_HOSTS(), ...(wildcard ? [] : [address]), ...extra].map((h) => withPort(h.toLowerCase()));
}

/** The Host the client asked for (the URL's when the request never had a header, as in app.request). */
function requestHost(c: Context): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
}

/**
 * DNS rebinding defence: a page on attacker.example re-pointed at 127.0.0.1 still sends
 * `Host: attacker.example`. Any Host not in the allowed list gets 421 and nothing else.
 */
export function hostCheck(allowed: AllowedHosts): MiddlewareHandler {
  return async (c, next) => {
    if (!allowed().includes(requestHost(c))) return c.text('misdirected request: unknown Host\n', 421);
    await next();
  };
}

/**
 * A state-changing request must come from our own pages: when the browser says where it comes from
 * (Origin, Sec-Fetch-Site) it must be one of the allowed origins. Never compared with the Host
 * header, which the client chooses.
 */
export function sameOrigin(c: Context, allowed: AllowedHosts): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowed().includes(url.host);
  } catch {
    return false;
  }
}
