import { describe, expect, it } from 'vitest';
import pg from './pg.js';

describe('node-postgres without its Cloudflare probe', () => {
  it('loads pg and leaves the global navigator as Node has it (none on Node 20)', () => {
    expect(typeof pg.Pool).toBe('function');
    const major = Number(process.versions.node.split('.')[0]);
    if (major < 21) expect((globalThis as { navigator?: unknown }).navigator).toBeUndefined();
    else expect((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent).not.toBe('Node.js');
  });
});
