// `specgate store migrate`: brings a PostgreSQL store's schema to this specgate's version. The
// file store has no schema; migrating it is a no-op that says so.
import type { StoreLocation } from '../../core/store/location.js';

export interface MigrateReport {
  readonly store: string;
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly name: string }[];
}

export async function migrateStore(location: StoreLocation): Promise<MigrateReport> {
  if (location.kind === 'file') return { store: location.display, from: 0, to: 0, applied: [] };
  const { createPool, migrate } = await import('../../adapters/store/pg-client.js');
  const pool = createPool(location, 1);
  try {
    return { store: location.display, ...(await migrate(pool, location)) };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
