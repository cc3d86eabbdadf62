// Every dashboard page as a CTO and an auditor open it, in Debian Chromium at 1280 and 390 px:
// no sideways scrolling, axe-core reports no violation of any impact, a failed run's cause is
// above the fold, and a running run's stage and log tail update in the browser.
// Screenshots: test-results/views-*.png (gitignored).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { NodeFileSystem } from '../../src/adapters/node-fs.js';
import { nodeDashboardPorts } from '../../src/server/compose.js';
import { startDashboard, type RunningDashboard } from '../../src/server/start.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { SERVING } from '../helpers/staging.js';
import { approvalCheckPort } from '../../src/cli/compose-evidence.js';
import { loadProject } from '../../src/app/project.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-results');
const SHA = '2918efd63b57';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

let browser: Browser;
let server: RunningDashboard;
let empty: RunningDashboard;
let reports: string;

async function start(reportsDir: string, staging?: typeof SERVING) {
  const nfs = new NodeFileSystem();
  return startDashboard({
    ...nodeDashboardPorts(nfs),
    // The fixture project lists the approver who signed the compliance runs' approvals.
    approvals: await approvalCheckPort(await loadProject(nfs, path.join(REPO_ROOT, 'test/fixtures/runs/project'))),
    reportsDir,
    token: 'browser-token-0123456789abcdef',
    host: '127.0.0.1',
    port: 0,
    project: 'payments',
    indexTtlMs: 100,
    eventsIntervalMs: 150,
    approve: () => Promise.reject(new Error('not in this test')),
    ...(staging === undefined ? {} : { staging: () => Promise.resolve(staging) }),
  });
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/setup.sh does this)`);
  fs.mkdirSync(SHOTS, { recursive: true });
  reports = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  server = await start(reports, SERVING);
  empty = await start(path.join(tempDir(), 'before-the-first-run'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await empty?.close();
});

async function open(url: string, width: number): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 800 } });
  const page = await context.newPage();
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(500);
  return { page, close: () => context.close() };
}

const PAGES: readonly [string, () => string][] = [
  ['front', () => `${server.url}/`],
  ['failed-run', () => `${server.url}/runs/${SHA}/20260102090000`],
  ['passing-run', () => `${server.url}/runs/${SHA}/20260103090000`],
  ['waiting-run', () => `${server.url}/runs/${SHA}/20260105090000`],
  ['report', () => `${server.url}/runs/${SHA}/20260102090000/report`],
  ['ledger', () => `${server.url}/ledger`],
  ['approvals', () => `${server.url}/approvals`],
  ['trends', () => `${server.url}/trends`],
  ['not-found', () => `${server.url}/runs/${SHA}/20990101000000`],
  ['empty-front', () => `${empty.url}/`],
  ['empty-ledger', () => `${empty.url}/ledger`],
  ['empty-trends', () => `${empty.url}/trends`],
];

describe('every page at 1280 and 390 px', () => {
  for (const [name, url] of PAGES) {
    for (const width of [1280, 390]) {
      it(`${name} @${width}: no horizontal scroll, axe-core 0 violations`, async () => {
        const { page, close } = await open(url(), width);
        await page.screenshot({ path: path.join(SHOTS, `views-${name}-${width}.png`), fullPage: true });
        // A string expression: this file is type-checked without the DOM library.
        const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
        expect(scroll, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(client ?? 0);
        const axe = await new AxeBuilder({ page }).analyze();
        expect(axe.violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
        await close();
      }, 60_000);
    }
  }
});

describe('what people look for first', () => {
  it('the front page says what serves staging and which run is newest', async () => {
    const { page, close } = await open(`${server.url}/`, 1280);
    const staging = page.locator('section', { has: page.locator('#staging-h') });
    await expect(staging.textContent()).resolves.toMatch(/Run 20260101090000.*healthy.*Restarts after crashes: 2/s);
    await expect(page.locator('section', { has: page.locator('#newest-h') }).textContent()).resolves.toContain('Not what staging serves');
    expect(await staging.boundingBox().then((b) => (b?.y ?? 9999) < 800)).toBe(true);
    await close();
  });

  for (const width of [1280, 390]) {
    it(`a failed run's cause is above the fold @${width}`, async () => {
      const { page, close } = await open(`${server.url}/runs/${SHA}/20260102090000`, width);
      const headline = page.locator('.cause .headline');
      await expect(headline.textContent()).resolves.toContain('deploy failed');
      const box = await headline.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(page.viewportSize()?.height ?? 0);
      await close();
    });
  }

  it('after logging in with the dashboard token, a running run shows its stage and streams its log tail, then reloads when a stage finishes', async () => {
    const run = path.join(reports, SHA, '20260106090000');
    // Command output needs a login: the run page links to /login, which comes back to the run.
    const { page, close } = await open(`${server.url}/runs/${SHA}/20260106090000`, 1280);
    expect(await page.locator('#live-log').count()).toBe(0);
    await page.locator('section.live a', { hasText: 'log in with the dashboard token' }).click();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.locator('input[name=token]').fill('browser-token-0123456789abcdef');
    await page.locator('form[action="/login"] button').click();
    await page.waitForURL(`${server.url}/runs/${SHA}/20260106090000`);
    const before = await page.locator('#live-h').textContent();
    expect(before).toMatch(/^Running now: \w+$/);
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(run, 'logs', 'test.log'), '$ npm test\nscenario 7/20 passed\n');
    await page.locator('#live-log', { hasText: 'scenario 7/20 passed' }).waitFor({ timeout: 15_000 });
    fs.appendFileSync(path.join(run, 'logs', 'test.log'), 'scenario 8/20 passed\n');
    await page.locator('#live-log', { hasText: 'scenario 8/20 passed' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'views-live-run-1280.png'), fullPage: true });
    // The runner records a stage when it ends: the page reloads and names the next one.
    const file = path.join(run, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { stages: { name: string; endedAt: string }[] };
    const names = ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit'];
    const next = names[m.stages.length]!;
    const last = m.stages.at(-1)!;
    m.stages.push({ ...last, name: next, startedAt: last.endedAt, endedAt: last.endedAt, status: 'success', summary: `${next} done`, gates: [], artifacts: [] } as never);
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    await page.locator('#live-h', { hasText: `Running now: ${names[m.stages.length] ?? 'finishing'}` }).waitFor({ timeout: 15_000 });
    await close();
  }, 60_000);
});
