// Expected failures of the evidence store (docs/store.md): where runs, blobs and the organisation's
// ledger live when many projects and CI runners share one PostgreSQL. Messages never carry a password.
import { errorDomain, ExitCode } from '../errors.js';

export type StoreErrorCode =
  /** The store URL in specgate.yaml or SPECGATE_STORE_URL is not one we can use. */
  | 'STORE_URL_INVALID'
  /** The database cannot be reached, or went away mid-operation (nothing was half-written). */
  | 'STORE_UNAVAILABLE'
  /** The schema is older than this specgate: run `specgate store migrate`. */
  | 'STORE_SCHEMA_OLD'
  /** The schema is newer than this specgate: upgrade specgate. */
  | 'STORE_SCHEMA_NEW'
  /** The database refused the operation (permissions, the append-only triggers). */
  | 'STORE_DENIED'
  /** The run's evidence failed verification (digests, signatures, untrusted key): not accepted. */
  | 'STORE_REJECTED'
  /** Another run with different content is already stored under this project/feature/run id. */
  | 'STORE_RUN_CONFLICT'
  /** The run is not in the store. */
  | 'STORE_RUN_NOT_FOUND'
  /** The central ledger does not verify, or a project ledger no longer matches what was pushed. */
  | 'STORE_LEDGER_BROKEN';

const USAGE: ReadonlySet<StoreErrorCode> = new Set(['STORE_URL_INVALID', 'STORE_SCHEMA_OLD', 'STORE_SCHEMA_NEW', 'STORE_RUN_NOT_FOUND']);

export class StoreError extends errorDomain<StoreErrorCode>('store', (code) => USAGE.has(code) ? ExitCode.usage : ExitCode.failed) {}
