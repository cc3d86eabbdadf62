// Where the evidence store is: `store:` in specgate.yaml or SPECGATE_STORE_URL. A PostgreSQL URL
// carries credentials, so every rendering of it goes through redactStoreUrl: a password reaches
// the driver and nothing else (not messages, not JSON output, not logs).
import { StoreError } from './errors.js';

export type StoreLocation =
  | { readonly kind: 'postgres'; readonly url: string; readonly display: string; readonly secrets: readonly string[] }
  | { readonly kind: 'file'; readonly path: string; readonly display: string; readonly secrets: readonly string[] };

const POSTGRES = /^postgres(?:ql)?:\/\//i;

/** The URL with its password (and any `password=` parameter) replaced by `***`. */
export function redactStoreUrl(url: string): string {
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&](?:password|sslpassword)=)[^&#]*/gi, '$1***');
}

/** Every secret the URL holds, so error text from the driver can be scrubbed of them too. */
function secretsOf(url: URL): string[] {
  const out = [url.password, url.searchParams.get('password') ?? '', url.searchParams.get('sslpassword') ?? ''];
  return out.filter((s) => s.length >= 1).flatMap((s) => [s, decodeURIComponent(s)]);
}

/** Replaces each secret in `text` by `***` (driver messages sometimes echo what they were given). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

/**
 * The `sslmode` values node-postgres 8 understands. It treats `prefer`, `require` and `verify-ca`
 * as `verify-full` (certificate and host name checked, with a deprecation warning); `no-verify`
 * encrypts without checking the certificate; `disable` sends everything in clear.
 */
const SSL_MODES = new Set(['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

/** A typo in `sslmode` must not pass unnoticed: refuse what the driver would not recognise. */
function checkTls(url: URL, shown: string, source: string): void {
  const mode = url.searchParams.get('sslmode');
  if (mode !== null && !SSL_MODES.has(mode)) {
    throw new StoreError('STORE_URL_INVALID', `${source}: ${shown} has sslmode=${mode.slice(0, 30)}, which node-postgres does not know`, {
      hint: 'use sslmode=verify-full (recommended), or disable / no-verify; see docs/store.md',
    });
  }
}

/**
 * Parses a store setting: `postgres://…`/`postgresql://…`, or `file:<dir>` / a plain folder for the
 * file store. `source` names where it came from for the error message.
 */
export function parseStoreLocation(value: string, source: string, resolveDir: (dir: string) => string): StoreLocation {
  const trimmed = value.trim();
  if (POSTGRES.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new StoreError('STORE_URL_INVALID', `${source}: ${redactStoreUrl(trimmed)} is not a valid PostgreSQL URL`, {
        hint: 'use postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full (put the password in PGPASSWORD, not in the file)',
      });
    }
    if (url.pathname.length <= 1) {
      throw new StoreError('STORE_URL_INVALID', `${source}: ${redactStoreUrl(trimmed)} names no database`, { hint: 'append /DATABASE to the URL' });
    }
    checkTls(url, redactStoreUrl(trimmed), source);
    return { kind: 'postgres', url: trimmed, display: redactStoreUrl(trimmed), secrets: secretsOf(url) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !trimmed.startsWith('file://')) {
    throw new StoreError('STORE_URL_INVALID', `${source}: the store ${redactStoreUrl(trimmed)} is neither postgres:// nor a folder`, {
      hint: 'use postgres://… for PostgreSQL, or file:DIR / a folder path for the file store',
    });
  }
  const dir = trimmed.replace(/^file:(?:\/\/)?/, '');
  if (dir === '') throw new StoreError('STORE_URL_INVALID', `${source}: the store folder is empty`, { hint: 'use file:DIR or a folder path' });
  const path = resolveDir(dir);
  return { kind: 'file', path, display: path, secrets: [] };
}
