// Evidence bytes in PostgreSQL, keyed by sha256 and stored once. The table's CHECK re-hashes
// every value, so the database itself refuses bytes that do not match their key.
import type pg from 'pg';
import { sha256Hex } from '../../core/data.js';
import { StoreError } from '../../core/store/errors.js';
import type { BlobStore } from '../../core/store/ports.js';
import { storeFailure, type PgLocation } from './pg-client.js';

export class PgBlobStore implements BlobStore {
  constructor(
    private readonly location: PgLocation,
    private readonly pool: pg.Pool,
    /** Whether close() ends the pool (false when the run store shares it). */
    private readonly ownsPool = false,
  ) {}

  async missing(digests: readonly string[]): Promise<readonly string[]> {
    if (digests.length === 0) return [];
    try {
      const r = await this.pool.query<{ d: string }>('SELECT d FROM unnest($1::text[]) AS u(d) WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = u.d)', [[...new Set(digests)]]);
      return r.rows.map((row) => row.d).sort();
    } catch (error) {
      throw storeFailure(this.location, error, 'checking stored blobs');
    }
  }

  async put(sha256: string, data: Uint8Array): Promise<void> {
    if (sha256Hex(data) !== sha256) throw new StoreError('STORE_REJECTED', `blob ${sha256.slice(0, 16)}… does not hash to its name`, { hint: 'the evidence changed while it was being pushed: push again' });
    try {
      // ON CONFLICT DO NOTHING: a concurrent pusher of the same bytes is not an error (content addressing).
      await this.pool.query('INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, data.length, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
    } catch (error) {
      throw storeFailure(this.location, error, 'storing a blob');
    }
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    try {
      const r = await this.pool.query<{ data: Buffer }>('SELECT data FROM blobs WHERE sha256 = $1', [sha256]);
      return r.rows[0]?.data;
    } catch (error) {
      throw storeFailure(this.location, error, 'reading a blob');
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end().catch(() => undefined);
  }
}
