// The store tests' throw-away PostgreSQL cluster; shared with bench/store, so it lives in bench/lib.
export { startPgCluster, type PgCluster } from '../../bench/lib/pg-cluster.mjs';
