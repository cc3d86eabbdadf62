// Small primitives for untrusted data, shared by every reader: a JSON-object guard and the
// SHA-256 hex digest. One definition each, so a fix (or a stricter check) applies everywhere.
import * as crypto from 'node:crypto';

/** One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object: a third of the cost on small inputs. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lowercase hex SHA-256 of `data` (UTF-8 for strings). */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
