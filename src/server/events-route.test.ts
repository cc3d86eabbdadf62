// Live event streams are capped per client and in total, and every ended stream gives back its
// slot and its listeners (issue 13: 2,000 streams once grew the server by 200 MB and leaked a
// listener per poll).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { nodeDashboardPorts } from './compose.js';
import { createDashboard } from './app.js';
import type { StreamCaps } from './stream-limits.js';

/** Counts stat calls: the ledger stream stats the ledger once per poll. */
class CountingFs extends NodeFileSystem {
  stats = 0;
  override stat(file: string) {
    this.stats += 1;
    return super.stat(file);
  }
}

function dashboard(streamCaps: StreamCaps, eventsIntervalMs = 50, fsPort = new NodeFileSystem()) {
  const reports = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  return createDashboard({ ...nodeDashboardPorts(fsPort), reportsDir: reports, token: 'test-token-0123456789abcdef', indexTtlMs: 0, eventsIntervalMs, streamCaps, approve: () => Promise.reject(new Error('not here')) });
}

/** A request as if from `address` (the node server's bindings carry the socket). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('GET /events caps and release', () => {
  it('refuses a client over its cap with 429 and the server over its total with 503, each with a message saying what to do', async () => {
    const dash = dashboard({ total: 3, perClient: 2 });
    const open = async (address: string) => dash.app.request('/events?watch=runs', {}, from(address));
    const a1 = await open('10.0.0.1');
    const a2 = await open('10.0.0.1');
    const a3 = await open('10.0.0.1');
    expect([a1.status, a2.status, a3.status]).toEqual([200, 200, 429]);
    expect(await a3.text()).toMatch(/too many live event streams from this client \(2 open, at most 2\).*dashboard\.maxEventStreamsPerClient/);
    expect(a3.headers.get('retry-after')).toBe('30');
    const b1 = await open('10.0.0.2');
    const b2 = await open('10.0.0.2');
    expect([b1.status, b2.status]).toEqual([200, 503]);
    expect(await b2.text()).toMatch(/at most 3 live event streams.*dashboard\.maxEventStreams/);
    expect(dash.streams.size).toBe(3);
    // A client that closes its stream gets its slot back, and so does the next client.
    await a1.body?.cancel();
    await vi.waitFor(() => expect(dash.streams.size).toBe(2), { timeout: 5000, interval: 10 });
    expect((await open('10.0.0.3')).status).toBe(200);
    dash.close();
    await vi.waitFor(() => expect(dash.streams.size).toBe(0), { timeout: 5000, interval: 10 });
  });

  it('a stream polled many times leaks no abort listener (no MaxListenersExceededWarning) and frees its slot when cancelled', async () => {
    process.on('warning', onWarning);
    const counting = new CountingFs();
    const dash = dashboard({ total: 4, perClient: 4 }, 1, counting);
    const res = await dash.app.request('/events?watch=ledger');
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^event: version\n/);
    // 1 ms polls: 40 of them, four times the 10 listeners on one signal that trigger the warning.
    await vi.waitFor(() => expect(counting.stats).toBeGreaterThan(40), { timeout: 10_000, interval: 10 });
    await reader.cancel();
    await vi.waitFor(() => expect(dash.streams.size).toBe(0), { timeout: 5000, interval: 10 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => `${w.name}: ${w.message}`).filter((w) => /MaxListeners|memory leak/.test(w))).toEqual([]);
  });
});
