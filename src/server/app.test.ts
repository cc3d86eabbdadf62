// Route tests through app.request() (no socket): pages, filters, bad input, security headers,
// traversal attempts, and approvals recorded through the real approveRun into a real ledger.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../adapters/clock.js';
import { approveRun } from '../app/pipeline/approve.js';
import { fileEvidenceStore } from '../cli/compose-evidence.js';
import { verifyLedgerText } from '../core/evidence/index.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { causeSection } from './pages/cause.js';
import { nodeDashboardPorts } from './compose.js';
import { createDashboard, type Dashboard } from './app.js';
import { boundHosts } from './security.js';

const SHA = '2918efd63b57';
const WAITING = '20260105090000';
const TOKEN = 'test-token-0123456789abcdef';
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/runs/good');

let reports: string;
let dash: Dashboard;

function copyFixtures(): string {
  const dir = path.join(tempDir(), 'reports');
  fs.cpSync(FIXTURES, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

beforeEach(() => {
  reports = copyFixtures();
  const clock = fixedClock('2026-01-07T10:00:00Z');
  const store = fileEvidenceStore(reports, clock);
  dash = createDashboard({
    ...nodeDashboardPorts(),
    reportsDir: reports,
    token: TOKEN,
    indexTtlMs: 0,
    approve: async ({ runId, by, reason }) => approveRun({ store, clock, signedRequired: false }, { runId, by, ...(reason === undefined ? {} : { reason }) }),
  });
});

const get = (url: string, init?: RequestInit) => dash.app.request(url, init);
const approve = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  dash.app.request(`/runs/${SHA}/${WAITING}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('dashboard pages', () => {
  it('lists runs newest first with filters and security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('5 run(s)');
    expect(html).toMatch(/<code>2918efd63b57<\/code><\/a><\/td><td data-label="Runs">5<\/td>/);
    const list = html.slice(html.indexOf('id="runs-h"'));
    expect(list.indexOf('20260106090000')).toBeLessThan(list.indexOf('20260101090000'));
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const failed = await (await get('/?status=failure')).text();
    expect(failed).toContain('1 run(s) of 5');
    expect(failed).toContain('20260102090000');
    expect(await (await get('/?mode=sandbox')).text()).toContain('1 run(s) of 5');
  });

  it('shows a run: stages, findings, coverage, SAST with file:line, SBOM search, signatures, deploy', async () => {
    const html = await (await get(`/runs/${SHA}/20260102090000`)).text();
    expect(html).toContain('<svg class="timeline"');
    expect(html).toContain('src/admin/export.ts:17');
    expect(html).toContain('Reject an invalid amount (example 1)');
    expect(html).toContain('Attempt 3: unhealthy');
    expect(html).toContain('rolled-back');
    expect(html).toContain('signature valid');
    const search = await (await get(`/runs/${SHA}/20260102090000?q=nothing-like-this`)).text();
    expect(search).toContain('0 of 1 component(s)');
    expect(await (await get(`/runs/${SHA}/20260102090000?q=ms`)).text()).toContain('1 of 1 component(s)');
  });

  it('renders the executive report and the ledger with its live verdict', async () => {
    const report = await (await get(`/runs/${SHA}/20260103090000/report`)).text();
    expect(report).toContain('<h2 id="verification">Verification</h2>');
    // In the dashboard every claim links to its evidence through the files route.
    expect(report).toContain(`<a href="/runs/${SHA}/20260103090000/files/spec-coverage.json">spec-coverage.json</a>`);
    expect(report).toContain('<a href="/ledger?run=20260103090000">audit/checkpoints.log</a>');
    const md = await (await get(`/runs/${SHA}/20260103090000/report.md`)).text();
    expect(md).toContain('## Verification');
    expect(md).toContain(`[sbom.cyclonedx.json](/runs/${SHA}/20260103090000/files/sbom.cyclonedx.json)`);
    const ledger = await (await get('/ledger')).text();
    expect(ledger).toContain('chain intact over 59 line(s)');
    fs.appendFileSync(path.join(reports, 'audit/checkpoints.log'), `2026-01-07T00:00:00Z | 20260107000000 | ${SHA} | run | started | - | ${'0'.repeat(64)}\n`);
    expect(await (await get('/ledger')).text()).toContain('chain broken at line 60');
  });

  it('charts the trends of finished runs from the index, oldest first, with value labels', async () => {
    const res = await get('/trends');
    expect(res.status).toBe(200);
    const html = await res.text();
    // Finished runs only: 0101 (4/4, code 82.1 %), 0102 (3/4, 55 %), 0103 (4/4, 86.4 %); the awaiting and running ones are left out.
    expect(html).toContain('The last 3 finished run(s)');
    expect(html).toContain('<desc id="pass-desc">3 run(s), oldest first: 01-01 09:00: 100%; 01-02 09:00: 75%; 01-03 09:00: 100%.');
    expect(html).toContain('<desc id="code-desc">3 run(s), oldest first: 01-01 09:00: 82%; 01-02 09:00: 55%; 01-03 09:00: 86%.');
    expect(html).toMatch(/<desc id="findings-desc">3 run\(s\), oldest first: 01-01 09:00: 1; 01-02 09:00: 2; 01-03 09:00: 1\./);
    expect(html).toMatch(/<title id="stage-0-title">Stage \w+ duration<\/title>/);
    // Declared vs measured: the failed deploy of 01-02 measured nothing; the declared peak is drawn for every run.
    expect(html).toContain('<desc id="memory-desc">2 run(s), oldest first: 01-01 09:00: 61 MiB; 01-03 09:00: 61 MiB. From 61 MiB to 61 MiB. 1 run(s) did not record it. declared peak (dashed): 01-01 09:00: 512 MiB; 01-02 09:00: 512 MiB; 01-03 09:00: 512 MiB.</desc>');
    expect(html).toContain('<desc id="cpu-desc">2 run(s), oldest first: 01-01 09:00: 0.1 cores; 01-03 09:00: 0.1 cores. From 0.1 cores to 0.1 cores. 1 run(s) did not record it. declared peak (dashed): 01-01 09:00: 0.5 cores; 01-02 09:00: 0.5 cores; 01-03 09:00: 0.5 cores.</desc>');
    expect(html).toContain('class="line2"');
    expect(html).not.toMatch(/style=|<script>/);
    expect(await (await get('/trends?n=1')).text()).toContain('The last 1 finished run(s)');
    expect((await get('/trends?n=0')).status).toBe(400);
    expect((await get('/trends?n=abc')).status).toBe(400);
    expect(await (await get('/')).text()).toContain('<a href="/trends">Trends</a>');
  });

  it('trends teach the next command before the first finished run', async () => {
    fs.rmSync(reports, { recursive: true, force: true });
    fs.mkdirSync(reports);
    const html = await (await get('/trends')).text();
    expect(html).toContain('No finished run yet');
    expect(html).toContain('specgate run');
  });

  it('answers bad input with 4xx pages, never a crash', async () => {
    expect((await get('/runs/not-a-sha/20260101090000')).status).toBe(400);
    expect((await get(`/runs/${SHA}/2026`)).status).toBe(400);
    expect((await get(`/runs/${SHA}/20990101000000`)).status).toBe(404);
    expect((await get('/?status=bogus')).status).toBe(400);
    expect((await get('/?page=-1')).status).toBe(400);
    expect((await get(`/?feature=${'a'.repeat(5000)}`)).status).toBe(414);
    expect((await get('/no/such/page')).status).toBe(404);
    expect((await get('/events?watch=../../etc')).status).toBe(400);
  });

  it('shows damaged evidence as failures, and a run folder without a manifest as 422', async () => {
    fs.writeFileSync(path.join(reports, SHA, '20260101090000', 'manifest.json'), '{ not json');
    const damaged = await get(`/runs/${SHA}/20260101090000`);
    expect(damaged.status).toBe(200);
    expect(await damaged.text()).toContain('manifest.json is not valid JSON');
    fs.rmSync(path.join(reports, SHA, '20260102090000', 'manifest.json'));
    const bare = await get(`/runs/${SHA}/20260102090000`);
    expect(bare.status).toBe(422);
    expect(await bare.text()).toContain('MANIFEST_UNREADABLE');
  });
});

describe('evidence downloads', () => {
  // Logged in (bearer token): these tests are about paths; the login is tested below.
  const file = (p: string) => get(`/runs/${SHA}/20260103090000/files/${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  it('serves evidence files of the run, never as HTML', async () => {
    const res = await file('sbom.cyclonedx.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await res.text()).bomFormat).toBe('CycloneDX');
    expect((await file('logs/test.log')).status).toBe(200);
  });

  it('refuses traversal: .., encoded, double-encoded, absolute, backslash', async () => {
    for (const attempt of ['..%2f..%2faudit%2fcheckpoints.log', '%2e%2e/%2e%2e/audit/checkpoints.log', '%252e%252e%252fmanifest.json', '%2fetc%2fpasswd', '..%5c..%5cmanifest.json', 'logs/..%2f..%2f..%2fx']) {
      const res = await file(attempt);
      expect([400, 404], attempt).toContain(res.status);
    }
    // the URL parser itself normalises a literal ../ — it must still not leave the run
    const res = await get(`/runs/${SHA}/20260103090000/files/../../../audit/checkpoints.log`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).not.toBe(200);
  });

  it('refuses symlinks that lead out of the run directory', async () => {
    const runDir = path.join(reports, SHA, '20260103090000');
    const secret = path.join(path.dirname(reports), 'secret.txt');
    fs.writeFileSync(secret, 'top secret');
    fs.symlinkSync(secret, path.join(runDir, 'leak.log'));
    fs.symlinkSync(path.dirname(reports), path.join(runDir, 'outside'));
    expect((await file('leak.log')).status).toBe(403);
    expect((await file('outside/secret.txt')).status).toBe(403);
    expect(await (await file('leak.log')).text()).not.toContain('top secret');
  });
});

describe('approvals', () => {
  it('no token is 401, a wrong token 403', async () => {
    const none = await approve({ by: 'cto@payments.example' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await approve({ by: 'cto@payments.example' }, { authorization: 'Bearer wrong-token' })).status).toBe(403);
    expect(JSON.parse(fs.readFileSync(path.join(reports, SHA, WAITING, 'manifest.json'), 'utf8')).approvals).toEqual([]);
  });

  it('the right token reaches approveRun, which refuses an unsigned compliance approval (422): a typed name never counts', async () => {
    const before = fs.readFileSync(path.join(reports, 'audit/checkpoints.log'), 'utf8');
    const res = await approve({ by: 'cto@payments.example', reason: 'CAB-42' }, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'APPROVERS_MISSING' });
    expect(JSON.parse(fs.readFileSync(path.join(reports, SHA, WAITING, 'manifest.json'), 'utf8')).approvals).toEqual([]);
    const ledgerText = fs.readFileSync(path.join(reports, 'audit/checkpoints.log'), 'utf8');
    expect(ledgerText).toBe(before);
    expect(verifyLedgerText(ledgerText).ok).toBe(true);
  });

  it('refuses the initiator, a run not awaiting approval, and cross-origin requests', async () => {
    expect((await approve({ by: 'dev@payments.example' }, { authorization: `Bearer ${TOKEN}` })).status).toBe(403);
    const finished = await dash.app.request(`/runs/${SHA}/20260103090000/approve`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ by: 'x@y' }) });
    expect(finished.status).toBe(409);
    expect((await approve({ by: 'cto@payments.example' }, { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example', host: 'localhost' })).status).toBe(403);
  });

  it('browser form: needs the CSRF token from the page and its SameSite cookie', async () => {
    const pageRes = await get(`/runs/${SHA}/${WAITING}`);
    const setCookie = pageRes.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('SameSite=Strict');
    const csrf = /name="csrf" value="([^"]+)"/.exec(await pageRes.text())?.[1] ?? '';
    const cookieHeader = setCookie.split(';')[0] ?? '';
    const post = (fields: Record<string, string>, cookie = cookieHeader) =>
      dash.app.request(`/runs/${SHA}/${WAITING}/approve`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString() });
    expect((await post({ by: 'cto@payments.example', token: TOKEN })).status).toBe(403);
    expect((await post({ by: 'cto@payments.example', token: TOKEN, csrf }, '')).status).toBe(403);
    // Token and CSRF pass; the approval itself is refused because it cannot be signed in a browser.
    const refused = await post({ by: 'cto@payments.example', token: TOKEN, csrf });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('APPROVERS_MISSING');
  });

  it('bodies over 16 KiB are refused', async () => {
    const res = await approve({ by: 'x'.repeat(20_000) }, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(413);
  });
});

describe('live updates', () => {
  it('streams a version event for the run list', async () => {
    const res = await get('/events?watch=runs');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/event: version\ndata: \d+/);
    await reader.cancel();
    dash.close();
  });
});

describe('Host check (DNS rebinding)', () => {
  it('answers a foreign Host with 421 and nothing else, on pages, logs, files and /events', async () => {
    for (const url of ['/', '/ledger', `/runs/${SHA}/${WAITING}`, `/runs/${SHA}/${WAITING}/files/manifest.json`, '/events?watch=runs']) {
      const res = await get(url, { headers: { host: 'attacker.example' } });
      expect(res.status, url).toBe(421);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).not.toContain('2918efd63b57');
    }
    expect((await get('/', { headers: { host: 'localhost.attacker.example' } })).status).toBe(421);
  });

  it('serves the allowed names, including /events', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) expect((await get('/', { headers: { host } })).status, host).toBe(200);
    const events = await get('/events?watch=runs', { headers: { host: '127.0.0.1' } });
    expect(events.status).toBe(200);
    await events.body?.cancel();
  });

  it('refuses an approval whose Origin is foreign even when its Host agrees with it', async () => {
    const res = await approve({ by: 'cto@payments.example' }, { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example', host: 'evil.example' });
    expect(res.status).toBe(421);
    const sameHost = await approve({ by: 'cto@payments.example' }, { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example', host: 'localhost' });
    expect(sameHost.status).toBe(403);
    expect(await sameHost.json()).toEqual({ error: 'cross-origin request refused' });
  });

  it('with a bound port only name:port is allowed, read when the request comes', async () => {
    let port = 0;
    const bound = createDashboard({ ...nodeDashboardPorts(), reportsDir: reports, token: TOKEN, approve: () => Promise.reject(new Error('unused')), allowedHosts: () => boundHosts('127.0.0.1', port, ['proxy.example', 'other.example:443']) });
    port = 4711;
    for (const host of ['127.0.0.1:4711', 'localhost:4711', '[::1]:4711', 'proxy.example:4711', 'other.example:443']) expect((await bound.app.request('/', { headers: { host } })).status, host).toBe(200);
    for (const host of ['127.0.0.1', 'localhost:4712', 'proxy.example', 'evil.example:4711']) expect((await bound.app.request('/', { headers: { host } })).status, host).toBe(421);
    const post = await bound.app.request(`/runs/${SHA}/${WAITING}/approve`, { method: 'POST', headers: { host: '127.0.0.1:4711', origin: 'http://evil.example:4711', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"by":"x@y"}' });
    expect(post.status).toBe(403);
  });
});

describe('command logs need a login (issue 13: logs can hold secrets even after redaction)', () => {
  const run = `/runs/${SHA}/20260103090000`;
  const login = async (token: string, cookies = 'sg_csrf=' + 'c'.repeat(43), origin?: string) =>
    get('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, ...(origin ? { origin } : {}) }, body: new URLSearchParams({ token, csrf: 'c'.repeat(43), next: `${run}/files/logs/test.log` }).toString() });

  it('log files and the live log stream answer 401 with a login link; other evidence stays open', async () => {
    for (const p of ['logs/test.log', 'LOGS%2Ftest.log', 'logs/test.LOG', 'logs%2']) {
      const res = await get(`${run}/files/${p}`);
      expect(res.status, p).toBe(401);
      expect(await res.text(), p).toContain(`href="/login?next=${encodeURIComponent(`${run}/files/`)}`);
    }
    expect((await get(`${run}/files/sbom.cyclonedx.json`)).status).toBe(200);
    expect((await get(`/events?watch=tail:${SHA}/20260106090000`)).status).toBe(401);
    expect((await get(`${run}/files/logs/test.log`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  it('the run page leaves command output out until login, and names where to log in', async () => {
    const running = `/runs/${SHA}/20260106090000`;
    const html = await (await get(running)).text();
    expect(html).toContain(`<a href="/login?next=${encodeURIComponent(running)}">log in with the dashboard token</a>`);
    expect(html).not.toContain('data-tail=');
    // The failure box (its log tail is computed and cached for logged-in viewers) shows the link, not the tail.
    const cause = { stage: 'validate', status: 'failure', headline: 'validate failed', gates: [], log: 'logs/lint.log', scenarios: { failed: 0, total: 0, rows: [] }, findings: [] };
    const box = causeSection({ cause, logTail: 'AWS_SECRET_ACCESS_KEY=abc', login: '/login?next=%2Fr' }, '/r');
    expect(box).toContain('<a href="/login?next=%2Fr">log in with the dashboard token</a>');
    expect(box).not.toContain('AWS_SECRET');
  });

  it('POST /login with the token, same origin and the CSRF pair sets an HttpOnly SameSite=Strict session that opens logs', async () => {
    expect((await login('wrong-token-0123456789')).status).toBe(403);
    expect((await login(TOKEN, 'sg_csrf=' + 'd'.repeat(43))).status).toBe(403);
    expect((await login(TOKEN, undefined, 'https://attacker.example')).status).toBe(403);
    const ok = await login(TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${run}/files/logs/test.log`);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sg_session=\d+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(setCookie).not.toContain(TOKEN);
    const session = setCookie.split(';')[0] ?? '';
    expect((await get(`${run}/files/logs/test.log`, { headers: { cookie: session } })).status).toBe(200);
    const page = await get(`/runs/${SHA}/20260106090000`, { headers: { cookie: session } });
    expect(await page.text()).toContain('data-tail=');
    // A forged or altered cookie opens nothing.
    const forged = session.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect((await get(`${run}/files/logs/test.log`, { headers: { cookie: forged } })).status).toBe(401);
    const longer = session.replace(/=(\d+)\./, (_m, e: string) => `=${Number(e) + 1}.`);
    expect((await get(`${run}/files/logs/test.log`, { headers: { cookie: longer } })).status).toBe(401);
  });

  it('never redirects off the dashboard after login', async () => {
    for (const next of ['//attacker.example/x', 'https://attacker.example', '/\\attacker.example', 'javascript:alert(1)']) {
      const res = await get('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'sg_csrf=' + 'c'.repeat(43) }, body: new URLSearchParams({ token: TOKEN, csrf: 'c'.repeat(43), next }).toString() });
      expect(res.headers.get('location'), next).toBe('/');
    }
  });
});
