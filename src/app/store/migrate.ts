// `specgate store migrate`: brings a store's schema to this specgate's version through its adapter
// (PostgreSQL: the versioned SQL migrations). A file store has no schema; migrating it is a no-op
// that says so.
import type { StoreLocation } from '../../core/store/location.js';
import type { MigrationReport, StoreAdapters } from './ports.js';

export interface MigrateReport extends MigrationReport {
  readonly store: string;
}

export async function migrateStore(location: StoreLocation, adapters: StoreAdapters): Promise<MigrateReport> {
  const adapter = adapters[location.kind];
  if (adapter.migrate === undefined) return { store: location.display, from: 0, to: 0, applied: [] };
  return { store: location.display, ...(await adapter.migrate(location)) };
}
