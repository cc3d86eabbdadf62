// Idempotency keys: the first request with a key is executed and its response stored with a
// fingerprint of the request body; a retry with the same body replays the stored response, a
// reuse with another body is refused. In memory: one instance, bounded size (oldest evicted).
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

export type IdempotencyOutcome =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'conflict' };

/** Canonical JSON (sorted keys) so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export class IdempotencyStore {
  private readonly entries = new Map<string, { fingerprint: string; response: StoredResponse }>();

  constructor(private readonly capacity = 10_000) {}

  check(key: string, body: unknown): IdempotencyOutcome {
    const entry = this.entries.get(key);
    if (entry === undefined) return { kind: 'new' };
    return entry.fingerprint === fingerprint(body) ? { kind: 'replay', response: entry.response } : { kind: 'conflict' };
  }

  remember(key: string, body: unknown, response: StoredResponse): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { fingerprint: fingerprint(body), response });
  }

  get size(): number {
    return this.entries.size;
  }
}
