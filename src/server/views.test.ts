// What a CTO and an auditor see first: what serves staging (through the staging port), the newest
// finished run beside it, pending approvals, deploys and rollbacks; a failed run opening with its
// cause; a running run with its stage and a streamed log tail; a dashboard before the first run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StagingStatus } from '../app/deploy/status.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { SERVING } from '../../test/helpers/staging.js';
import { nodeDashboardPorts } from './compose.js';
import { createDashboard } from './app.js';

const SHA = '2918efd63b57';

function dashboard(options: { staging?: () => Promise<StagingStatus>; reports?: string } = {}) {
  const reports = options.reports ?? path.join(tempDir(), 'reports');
  if (options.reports === undefined) fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  const dash = createDashboard({ ...nodeDashboardPorts(), reportsDir: reports, token: 'test-token-0123456789abcdef', indexTtlMs: 0, eventsIntervalMs: 50, project: 'payments', approve: () => Promise.reject(new Error('not here')), ...(options.staging ? { staging: options.staging } : {}) });
  // Logged in (bearer token): command output is shown only then (app.test.ts tests the login).
  return { dash, reports, text: async (url: string) => (await dash.app.request(url, { headers: { authorization: 'Bearer test-token-0123456789abcdef' } })).text() };
}

describe('front page: environments first', () => {
  it('shows what serves staging, with health and restarts, apart from the newest finished run', async () => {
    let probes = 0;
    const { text } = dashboard({ staging: () => Promise.resolve({ ...SERVING, serving: SERVING.serving && { ...SERVING.serving }, message: String(++probes) }) });
    const html = await text('/');
    const staging = html.slice(html.indexOf('id="staging-h"'), html.indexOf('id="newest-h"'));
    expect(staging).toContain('/runs/2918efd63b57/20260101090000');
    expect(staging).toContain('rel-20260101090000');
    expect(staging).toMatch(/healthy<\/span>/);
    expect(staging).toContain('Restarts after crashes: <b>2</b>');
    const newest = html.slice(html.indexOf('id="newest-h"'), html.indexOf('id="approvals-h"'));
    expect(newest).toContain('20260103090000');
    expect(newest).toContain('Not what staging serves');
    expect(html.slice(html.indexOf('id="approvals-h"'))).toContain('specgate approve 20260105090000');
    expect(html).toContain('failed, rolled back');
    // The run list marks the deployed run beside `latest`.
    const list = html.slice(html.indexOf('id="runs-h"'));
    expect(list).toMatch(/20260101090000<\/a> <span class="tag tag-deployed">serving staging/);
    expect(list).toMatch(/20260103090000<\/a> <span class="tag">latest/);
    // Probed once: the next views within the cache's lifetime reuse the answer.
    await text('/');
    expect(probes).toBe(1);
  });

  it('says nothing serves staging, and teaches the deploy command, when nothing does', async () => {
    const { text } = dashboard({ staging: () => Promise.resolve({ ...SERVING, state: 'stopped', healthy: false, serving: null, message: 'staging is not running: nothing serving' }) });
    const html = await text('/');
    expect(html).toContain('nothing serves staging');
    expect(html).toContain('specgate deploy latest');
  });

  it('lists a run with failed scenarios as "1 of 4 scenarios failed"', async () => {
    const html = await dashboard().text('/?status=failure');
    expect(html.slice(html.indexOf('id="runs-h"'))).toContain('1 of 4 scenarios failed');
  });

  it('works before the first run and teaches the next command', async () => {
    const missing = path.join(tempDir(), 'no-reports-yet');
    const { dash } = dashboard({ reports: missing });
    const res = await dash.app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No finished run yet. Start one: <code class="cmd">specgate run</code>');
    expect((await dash.app.request('/ledger')).status).toBe(200);
    expect((await dash.app.request('/approvals')).status).toBe(200);
  });
});

describe('run page: failure first, live runs', () => {
  it('opens a failed run with its cause above the verification table', async () => {
    const html = await dashboard().text(`/runs/${SHA}/20260102090000`);
    const cause = html.indexOf('Why this run failed');
    expect(cause).toBeGreaterThan(0);
    expect(cause).toBeLessThan(html.indexOf('<h2>Verification</h2>'));
    expect(html).toContain('deploy failed: GET /healthz did not answer 200 within 3 s in 3 attempts; rolled back');
    expect(html).toContain('1 of 4 scenarios failed');
    expect(html).toContain('expected status 422, got 500');
  });

  it('shows the first failing command with its output tail and a link to the full log', async () => {
    const { reports, text } = dashboard();
    const run = path.join(reports, SHA, '20260102090000');
    const manifestFile = path.join(run, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stages: { name: string; status: string; gates: unknown[] }[] };
    const validate = m.stages.find((s) => s.name === 'validate')!;
    validate.status = 'failure';
    validate.gates = [{ gate: 'lint', outcome: 'fail', reason: 'lint exited 127 (see logs/lint.log)' }];
    fs.writeFileSync(manifestFile, JSON.stringify(m));
    fs.writeFileSync(path.join(run, 'logs', 'lint.log'), `$ eslint .\n${'noise\n'.repeat(500)}sh: 1: eslint: not found\n\n[specgate] exit 127 after 0.0s\n`);
    const html = await text(`/runs/${SHA}/20260102090000`);
    expect(html).toContain('validate failed: lint exited 127 (see logs/lint.log)');
    expect(html).toMatch(/<pre class="tail"[^>]*>[^<]*sh: 1: eslint: not found/);
    expect(html).not.toContain('$ eslint .');
    expect(html).toContain(`href="/runs/${SHA}/20260102090000/files/logs/lint.log"`);
  });

  it('shows the stage running now and streams the newest log', async () => {
    const { dash, reports, text } = dashboard();
    const html = await text(`/runs/${SHA}/20260106090000`);
    expect(html).toMatch(/Running now: \w+/);
    expect(html).toContain(`data-tail="${SHA}/20260106090000"`);
    const logs = path.join(reports, SHA, '20260106090000', 'logs');
    fs.mkdirSync(logs, { recursive: true });
    fs.writeFileSync(path.join(logs, 'test.log'), '$ vitest run\nscenario 3/20\n');
    const res = await dash.app.request(`/events?watch=tail:${SHA}/20260106090000`, { headers: { authorization: 'Bearer test-token-0123456789abcdef' } });
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('event: tail\ndata: logs/test.log\ndata: $ vitest run\ndata: scenario 3/20\n\n');
    await reader.cancel();
    dash.close();
  });
});

describe('ledger page', () => {
  it('an empty ledger before the first run is not a failure; a missing one after runs is', async () => {
    const { dash } = dashboard({ reports: path.join(tempDir(), 'fresh') });
    const fresh = await (await dash.app.request('/ledger')).text();
    expect(fresh).toContain('no checkpoints yet');
    expect(fresh).not.toContain('st-fail');
    const { reports, text } = dashboard();
    fs.rmSync(path.join(reports, 'audit', 'checkpoints.log'));
    expect(await text('/ledger')).toMatch(/st-fail.*audit\/checkpoints\.log is missing/s);
  });
});
