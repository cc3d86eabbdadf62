// `serve --store` routes through app.request(): the organisation's runs from a real (file) store,
// pending approvals, what serves now, and bad query parameters refused before any query runs.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../adapters/clock.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { testKey, writeRun } from '../../test/helpers/store-runs.js';
import { parseStoreLocation } from '../core/store/location.js';
import type { OpenStore } from '../app/store/open.js';
import { openStore } from '../cli/compose-store.js';
import { pushRun } from '../app/store/push.js';
import { nodeDashboardPorts } from './compose.js';
import { createDashboard, type Dashboard } from './app.js';

let dash: Dashboard;
let store: OpenStore;
const runIds: string[] = [];

beforeAll(async () => {
  store = await openStore(parseStoreLocation(`file:${tempDir('specgate-serve-store-')}`, 'test', (d) => d), systemClock);
  const key = testKey();
  for (const project of ['payments', 'search']) {
    await store.runs.trustKey(project, key.publicKeyPem, key.fingerprint);
    const reportsDir = path.join(tempDir(), 'reports');
    const a = await writeRun(reportsDir, { startedAt: new Date('2026-03-01T10:00:00Z'), key, deployTarget: 'local' });
    const b = await writeRun(reportsDir, { startedAt: new Date('2026-03-02T10:00:00Z'), status: 'awaiting-approval', featureSha: 'abcabcabcabc' });
    for (const run of [a, b]) await pushRun(store, { project, reportsDir, runDir: run.runDir });
    runIds.push(a.runId, b.runId);
  }
  const reports = tempDir();
  dash = createDashboard({ ...nodeDashboardPorts(), reportsDir: reports, token: 'test-token-0123456789abcdef', approve: () => Promise.reject(new Error('unused')), runStore: store.runs });
});

describe('serve --store', () => {
  it('lists every project’s runs, filters them, and shows pending approvals and what serves', async () => {
    const all = await (await dash.app.request('/store')).text();
    expect(all).toContain('payments');
    expect(all).toContain('search');
    const one = await (await dash.app.request('/store?project=search&status=success')).text();
    expect(one).toContain('search');
    expect(one).not.toContain('payments');
    const api = (await (await dash.app.request('/store/api/runs?mode=sandbox')).json()) as { runs: { project: string; status: string }[] };
    expect(api.runs.map((r) => `${r.project}:${r.status}`).sort()).toEqual(['payments:awaiting-approval', 'payments:success', 'search:awaiting-approval', 'search:success']);
    const pending = await (await dash.app.request('/store/approvals')).text();
    expect(pending.match(/awaiting-approval/g)?.length).toBe(2);
    expect(pending).not.toMatch(/>[^<]*success/);
    const serving = await (await dash.app.request('/store/serving')).text();
    expect(serving).toMatch(/payments[\s\S]*local[\s\S]*search[\s\S]*local/);
  });

  it('asks the store once per distinct page per second, however many requests come', async () => {
    let queries = 0;
    const counting = { ...store.runs, display: store.runs.display, listRuns: (q: Parameters<typeof store.runs.listRuns>[0]) => ((queries += 1), store.runs.listRuns(q)), serving: (p?: string) => store.runs.serving(p) };
    let now = 0;
    const { Hono } = await import('hono');
    const { storeRoutes } = await import('./store-routes.js');
    const app = new Hono();
    storeRoutes(app, counting, { ttlMs: 1000, now: () => now });
    for (let i = 0; i < 20; i++) expect((await app.request(i % 2 === 0 ? '/store' : '/store?status=success')).status).toBe(200);
    expect(queries).toBe(2);
    now = 1500;
    await app.request('/store');
    expect(queries).toBe(3);
  });

  it('refuses bad filters with 400 before querying', async () => {
    for (const q of ['project=../etc', 'status=bogus', 'from=yesterday', 'feature=xyz', "after=' OR 1=1"]) {
      const res = await dash.app.request(`/store?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});
