// The dashboard in a real browser (Debian Chromium through playwright-core): run list, run detail,
// the executive report, a live update while a run is in progress, and approving a waiting run.
// Screenshots land in test-results/ (gitignored).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { systemClock } from '../../src/adapters/clock.js';
import { approveRun } from '../../src/app/pipeline/approve.js';
import { fileEvidenceStore } from '../../src/cli/compose-evidence.js';
import { nodeDashboardPorts } from '../../src/server/compose.js';
import { startDashboard, type RunningDashboard } from '../../src/server/start.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-results');
const SHA = '2918efd63b57';
const TOKEN = 'browser-token-0123456789abcdef';

let browser: Browser;
let server: RunningDashboard;
let reports: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/test.sh does this in CI)`);
  fs.mkdirSync(SHOTS, { recursive: true });
  reports = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  const store = fileEvidenceStore(reports, systemClock);
  server = await startDashboard({
    ...nodeDashboardPorts(),
    reportsDir: reports,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    indexTtlMs: 100,
    eventsIntervalMs: 200,
    approve: async ({ runId, by, reason }) => approveRun({ store, clock: systemClock, signedRequired: false }, { runId, by, ...(reason === undefined ? {} : { reason }) }),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard in Chromium', () => {
  it('opens the run list, a run and its executive report, with no CSP violations', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${server.url}/`);
    await expect(page.locator('#runs-h').textContent()).resolves.toBe('Runs');
    expect(await page.locator('[aria-label="runs"] tbody tr').count()).toBe(5);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-runs.png'), fullPage: true });
    await page.selectOption('select[name=status]', 'failure');
    await page.click('form.filters button');
    expect(await page.locator('[aria-label="runs"] tbody tr').count()).toBe(1);
    await page.locator('[aria-label="runs"]').getByText('20260102090000').click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Run 20260102090000');
    expect(await page.locator('svg.timeline rect').count()).toBe(6);
    await expect(page.locator('body').textContent()).resolves.toContain('src/admin/export.ts:17');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-run.png'), fullPage: true });
    await page.click('text=Executive report');
    await expect(page.locator('h2', { hasText: 'Verification' }).count()).resolves.toBe(1);
    // Every claim links to its evidence file, served by the dashboard.
    const evidence = await page.locator('#verification ~ .tw a[href*="/files/"]').first().getAttribute('href');
    expect((await page.request.get(`${server.url}${evidence}`)).status()).toBe(200);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-report.png'), fullPage: true });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('reloads a run page by itself when the run changes (server-sent events)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/runs/${SHA}/20260106090000`);
    await expect(page.locator('h1').textContent()).resolves.toContain('running');
    // The page marks itself once its event stream delivered the first version (polled, with a deadline).
    await page.locator('body[data-live-ready="1"]').waitFor({ timeout: 10_000 });
    const file = path.join(reports, SHA, '20260106090000', 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...manifest, status: 'interrupted', endedAt: '2026-01-06T09:10:00Z' }, null, 2));
    // Polled through the locator API: the page reloads itself when the event stream reports the change.
    await page.locator('h1', { hasText: 'interrupted' }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('a waiting compliance run cannot be approved by a typed name: the token is checked, then the unsigned approval is refused', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/approvals`);
    await page.click('text=20260105090000');
    await page.fill('input[name=by]', 'cto@payments.example');
    await page.fill('input[name=reason]', 'CAB-7 reviewed');
    await page.fill('input[name=token]', 'not-the-token');
    await Promise.all([page.waitForURL(/\/approve$/), page.click('form.approve button')]);
    await expect(page.locator('h1').textContent()).resolves.toContain('403');
    await page.goBack();
    await page.reload();
    await page.fill('input[name=by]', 'cto@payments.example');
    await page.fill('input[name=reason]', 'CAB-7 reviewed');
    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForURL(/\/approve$/), page.click('form.approve button')]);
    await expect(page.locator('h1').textContent()).resolves.toContain('422');
    await expect(page.locator('body').textContent()).resolves.toContain('APPROVERS_MISSING');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-approval-refused.png'), fullPage: true });
    expect(fs.readFileSync(path.join(reports, 'audit/checkpoints.log'), 'utf8')).not.toContain('| 20260105090000 | 2918efd63b57 | approval | approved |');
    await page.close();
  });
});
