// Types of pg-cluster.mjs (shared by the store tests and bench/store).
export interface PgCluster {
  /** Superuser URL of the `specgate` database, e.g. postgres://postgres@localhost/specgate?host=%2Ftmp%2Fx */
  readonly url: string;
  /** URL of another database in the same cluster (created on demand by `createDatabase`). */
  urlOf(database: string): string;
  readonly socketDir: string;
  createDatabase(name: string): void;
  /** Runs SQL through psql as the superuser (roles, grants). */
  psql(sql: string, database?: string): string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  destroy(): void;
}

/** Starts a fresh cluster with a `specgate` database; call destroy() afterwards. */
export function startPgCluster(): PgCluster;
