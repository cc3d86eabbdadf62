// The PostgreSQL store's schema as versioned SQL migrations, applied in order by
// `specgate store migrate` (as the owner role) and checked by every command that opens the store.
// Evidence is append-only: the application roles get SELECT and INSERT only, and triggers refuse
// UPDATE, DELETE and TRUNCATE even to the owner (only a superuser disabling triggers gets past them,
// see docs/store.md "What a DBA must never do").

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const APPEND_ONLY = (table: string): string => `
CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION specgate_refuse_change();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION specgate_refuse_change();`;

const GRANTS = (tables: readonly string[]): string => `
GRANT SELECT ON ${tables.join(', ')} TO specgate_reader, specgate_writer;
GRANT INSERT ON ${tables.join(', ')} TO specgate_writer;`;

const initial = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'specgate_writer') THEN CREATE ROLE specgate_writer NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'specgate_reader') THEN CREATE ROLE specgate_reader NOLOGIN; END IF;
END $$;

CREATE FUNCTION specgate_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'specgate evidence is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE project_keys (
  project     text NOT NULL CHECK (length(project) BETWEEN 1 AND 200),
  fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  public_key  text NOT NULL CHECK (length(public_key) < 10000),
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project, fingerprint)
);

-- The database re-checks every digest itself: bytes that do not hash to their key never get in.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size   bigint NOT NULL CHECK (size = octet_length(data)),
  data   bytea NOT NULL CHECK (encode(sha256(data), 'hex') = sha256)
);

CREATE TABLE runs (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project            text NOT NULL CHECK (length(project) BETWEEN 1 AND 200),
  feature_sha        text NOT NULL CHECK (feature_sha ~ '^[0-9a-f]{12}$'),
  run_id             text NOT NULL CHECK (run_id ~ '^[0-9]{14}(-[1-9][0-9]{0,5})?$'),
  revision           integer NOT NULL CHECK (revision >= 1),
  bundle_digest      text NOT NULL CHECK (bundle_digest ~ '^[0-9a-f]{64}$'),
  mode               text NOT NULL,
  status             text NOT NULL,
  initiator          text NOT NULL,
  started_at         timestamptz NOT NULL,
  ended_at           timestamptz,
  key_fingerprint    text CHECK (key_fingerprint ~ '^[0-9a-f]{64}$'),
  environment        text,
  serving            boolean NOT NULL,
  local_ledger_id    text NOT NULL,
  local_ledger_lines bigint NOT NULL,
  local_ledger_head  text NOT NULL,
  pushed_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project, feature_sha, run_id, revision)
);
-- Keyset pagination (newest first) for every filter the queries offer.
CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
CREATE INDEX runs_by_project ON runs (project, started_at DESC, id DESC);
CREATE INDEX runs_by_status ON runs (status, started_at DESC, id DESC);
CREATE INDEX runs_by_feature ON runs (feature_sha, started_at DESC, id DESC);
CREATE INDEX runs_by_mode ON runs (mode, started_at DESC, id DESC);
CREATE INDEX runs_serving ON runs (project, environment, started_at DESC, id DESC) WHERE serving;

CREATE TABLE run_files (
  run    bigint NOT NULL REFERENCES runs (id),
  path   text NOT NULL CHECK (length(path) BETWEEN 1 AND 1024),
  sha256 text NOT NULL REFERENCES blobs (sha256),
  size   bigint NOT NULL,
  PRIMARY KEY (run, path)
);

-- The organisation-wide chain, in the project ledgers' line format: line = text || ' | ' || chain,
-- chain = sha256(previous chain || '\\n' || text). seq is dense; pushes append under an advisory lock.
CREATE TABLE ledger (
  seq         bigint PRIMARY KEY CHECK (seq >= 1),
  project     text NOT NULL,
  run         bigint REFERENCES runs (id),
  text        text NOT NULL CHECK (length(text) < 4000),
  chain       text NOT NULL CHECK (chain ~ '^[0-9a-f]{64}$'),
  local_chain text
);
CREATE INDEX ledger_by_project ON ledger (project, seq);

${['project_keys', 'blobs', 'runs', 'run_files', 'ledger'].map(APPEND_ONLY).join('\n')}
${GRANTS(['project_keys', 'blobs', 'runs', 'run_files', 'ledger'])}
GRANT SELECT ON specgate_schema TO specgate_reader, specgate_writer;
`;

// Retention in the store: evidence is never deleted, an archived run is only hidden from the
// default listings (docs/store.md "Retention").
const archive = `
CREATE TABLE run_archive (
  run         bigint PRIMARY KEY REFERENCES runs (id),
  archived_at timestamptz NOT NULL DEFAULT now(),
  reason      text NOT NULL CHECK (length(reason) < 500)
);
${APPEND_ONLY('run_archive')}
${GRANTS(['run_archive'])}
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'runs, blobs, central ledger, append-only', sql: initial },
  { version: 2, name: 'archive policy', sql: archive },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The bookkeeping table: one row per applied migration. */
export const VERSION_TABLE = `
CREATE TABLE IF NOT EXISTS specgate_schema (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
