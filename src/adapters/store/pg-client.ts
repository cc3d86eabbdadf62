// Connecting to the PostgreSQL store: one pool per command, driver errors turned into StoreErrors
// whose text never carries the password, and the schema version checked before any work.
import pg from './pg.js';
import { StoreError } from '../../core/store/errors.js';
import { scrubSecrets, type StoreLocation } from '../../core/store/location.js';
import { MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE } from './migrations.js';

export type PgLocation = Extract<StoreLocation, { kind: 'postgres' }>;

/** SQLSTATE classes that mean "the server is gone or unreachable", not "the request was wrong". */
const UNAVAILABLE_STATES = /^(08|57P0|53)/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOENT', 'EHOSTUNREACH', 'EAI_AGAIN']);
const DENIED_STATES = new Set(['42501', '28000', '28P01']);

/** Maps a driver error to a StoreError naming the store (redacted) and what to do. */
export function storeFailure(location: PgLocation, error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as { code?: string; message?: string; syscall?: string; path?: string };
  const text = scrubSecrets(e.message ?? String(error), location.secrets);
  const code = e.code ?? '';
  // The driver reads sslrootcert/sslcert/sslkey when it connects: a file it cannot open is a
  // setting to fix, not a database to wait for.
  if (e.syscall === 'open' && e.path !== undefined) {
    return new StoreError('STORE_URL_INVALID', `${doing}: cannot read ${scrubSecrets(e.path, location.secrets)}, named in the store URL ${location.display} (${code})`, {
      hint: 'sslrootcert=, sslcert= and sslkey= name PEM files readable by this user; fix the path in the URL',
    });
  }
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_STATES.test(code) || /Connection terminated|connection timeout|Client has encountered a connection error/i.test(text)) {
    return new StoreError('STORE_UNAVAILABLE', `${doing}: the store ${location.display} is unavailable (${text})`, {
      hint: 'nothing was half-written (each push is one transaction): check the database is up and reachable, then run the same command again',
    });
  }
  if (DENIED_STATES.has(code)) {
    return new StoreError('STORE_DENIED', `${doing}: the store ${location.display} refused it (${text})`, {
      hint: 'evidence in the store is append-only; check the role has the grants docs/store.md lists',
    });
  }
  return new StoreError('STORE_UNAVAILABLE', `${doing}: the store ${location.display} failed (${code === '' ? '' : `${code} `}${text})`, {
    hint: 'run the command again; if it keeps failing, check the database log',
  });
}

export function createPool(location: PgLocation, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: location.url, max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 5_000, application_name: 'specgate' });
  // A client losing its server must not crash the process. The pool listens only while a client
  // is idle; a checked-out client (a push's transaction between two queries, or a ROLLBACK under
  // way when the socket closes) emits 'error' with no listener, and node-postgres emits it even
  // after failing the active query. So every client the pool creates gets its own listener for
  // its whole life; the failure itself reaches the caller through the query it fails (or the next
  // one: "not queryable"), which storeFailure turns into STORE_UNAVAILABLE.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

async function appliedVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('specgate_schema')::text AS t`);
  if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) return 0;
  const result = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM specgate_schema');
  return result.rows[0]?.v ?? 0;
}

/** Throws STORE_SCHEMA_OLD / STORE_SCHEMA_NEW unless the schema is exactly the one this specgate knows. */
export async function checkSchema(pool: pg.Pool, location: PgLocation): Promise<void> {
  let version: number;
  try {
    const client = await pool.connect();
    try {
      version = await appliedVersion(client);
    } finally {
      client.release();
    }
  } catch (error) {
    throw storeFailure(location, error, 'opening the store');
  }
  assertVersion(version, location);
}

function assertVersion(version: number, location: PgLocation): void {
  if (version < SCHEMA_VERSION) {
    throw new StoreError('STORE_SCHEMA_OLD', `the store ${location.display} has schema version ${version}; this specgate needs ${SCHEMA_VERSION}`, {
      hint: 'run `specgate store migrate` (as the role that owns the schema), then retry',
    });
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError('STORE_SCHEMA_NEW', `the store ${location.display} has schema version ${version}, newer than this specgate knows (${SCHEMA_VERSION})`, {
      hint: 'upgrade specgate to the version that migrated the store; never downgrade the schema',
    });
  }
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly name: string }[];
}

/** Applies the missing migrations in one transaction, serialised against concurrent migrators. */
export async function migrate(pool: pg.Pool, location: PgLocation): Promise<MigrationResult> {
  const client = await pool.connect().catch((error: unknown) => {
    throw storeFailure(location, error, 'migrating the store');
  });
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('specgate.migrate'))");
    await client.query(VERSION_TABLE);
    const from = await appliedVersion(client);
    if (from > SCHEMA_VERSION) assertVersion(from, location);
    const pending = MIGRATIONS.filter((m) => m.version > from);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO specgate_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, SCHEMA_VERSION), applied: pending.map((m) => ({ version: m.version, name: m.name })) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw storeFailure(location, error, 'migrating the store');
  } finally {
    client.release();
  }
}
