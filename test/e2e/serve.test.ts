// `specgate serve` end to end: a real process on a real loopback socket.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BIN, REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'e2e-token-0123456789abcdef';
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function copyFixtures(): string {
  const dir = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

async function serve(reports: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--reports', reports], { cwd: path.dirname(reports), env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exit.then(() => reject(new Error(`serve exited: ${err}`)));
  });
  return { url, child, stderr: () => err, exit };
}

describe('specgate serve', () => {
  it('serves loopback, checks the token, refuses an unsigned compliance approval, and stops cleanly on SIGTERM', async () => {
    const reports = copyFixtures();
    const { url, child, stderr, exit } = await serve(reports, { SPECGATE_DASHBOARD_TOKEN: TOKEN });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('5 run(s)');
    const denied = await fetch(`${url}/runs/2918efd63b57/20260105090000/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"cto@payments.example"}' });
    expect(denied.status).toBe(401);
    const ledgerBefore = fs.readFileSync(path.join(reports, 'audit/checkpoints.log'), 'utf8');
    // The dashboard holds no approver's key: in compliance a typed name never counts, even with the token.
    const unsigned = await fetch(`${url}/runs/2918efd63b57/20260105090000/approve`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{"by":"cto@payments.example","reason":"e2e"}' });
    expect(unsigned.status).toBe(422);
    expect(await unsigned.json()).toMatchObject({ code: 'APPROVERS_MISSING' });
    expect(fs.readFileSync(path.join(reports, 'audit/checkpoints.log'), 'utf8')).toBe(ledgerBefore);
    expect(stderr()).not.toContain(TOKEN);
    child.kill('SIGTERM');
    expect(await exit).toBe(130);
  });

  it('prints a generated token once when none is configured', async () => {
    const { stderr, child, exit } = await serve(copyFixtures());
    await vi.waitFor(() => expect(stderr()).toMatch(/approver token .*: [A-Za-z0-9_-]{43}\n/), { timeout: 10_000, interval: 50 });
    expect(stderr()).toMatch(/approver token .*: [A-Za-z0-9_-]{43}\n/);
    child.kill('SIGTERM');
    await exit;
  });

  it('refuses a port in use and a missing reports folder with exit 2', async () => {
    const reports = copyFixtures();
    const first = await serve(reports, { SPECGATE_DASHBOARD_TOKEN: TOKEN });
    const port = new URL(first.url).port;
    const clash = await runCli(['serve', '--port', port, '--reports', reports], { cwd: tempDir(), env: { SPECGATE_DASHBOARD_TOKEN: TOKEN } });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('PORT_IN_USE');
    const missing = await runCli(['serve', '--reports', path.join(tempDir(), 'nope')], { cwd: tempDir() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no evidence folder');
    const short = await runCli(['serve', '--reports', reports], { cwd: tempDir(), env: { SPECGATE_DASHBOARD_TOKEN: 'short' } });
    expect(short.code).toBe(2);
    first.child.kill('SIGTERM');
    await first.exit;
  });

  it('on the real socket: a foreign Host gets 421, dashboard.allowedHosts is answered, live event streams are capped per client and in total and released', async () => {
    const reports = copyFixtures();
    fs.writeFileSync(path.join(path.dirname(reports), 'specgate.yaml'), 'dashboard:\n  allowedHosts: [proxy.example]\n  maxEventStreams: 40\n  maxEventStreamsPerClient: 15\n');
    const { url, child, stderr, exit } = await serve(reports, { SPECGATE_DASHBOARD_TOKEN: TOKEN });
    const port = new URL(url).port;
    const raw = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.get(`${url}/`, { headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
      });
    const foreign = await raw('attacker.example');
    expect(foreign.status).toBe(421);
    expect(foreign.body).not.toContain('run(s)');
    expect((await raw(new URL(url).host)).status).toBe(200);
    expect((await raw(`localhost:${port}`)).status).toBe(200);
    expect((await raw(`proxy.example:${port}`)).status).toBe(200);

    // 300 streams from ten loopback addresses (Linux routes all of 127/8 to lo): 15 per client, 40 in all.
    const open = (client: number) =>
      new Promise<{ status: number; client: number; close: () => void }>((resolve, reject) => {
        const req = http.get(`${url}/events?watch=runs`, { agent: false, localAddress: `127.0.0.${client}` }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, client, close: () => req.destroy() });
        });
        req.on('error', reject);
      });
    // One greedy client first: 20 attempts, 15 admitted, 5 refused with 429; then 280 from nine others fill the rest.
    const greedy = await Promise.all(Array.from({ length: 20 }, () => open(1)));
    expect(greedy.filter((s) => s.status === 200)).toHaveLength(15);
    expect(greedy.filter((s) => s.status === 429)).toHaveLength(5);
    const crowd = await Promise.all(Array.from({ length: 280 }, (_, i) => open(2 + (i % 9))));
    const first = [...greedy, ...crowd];
    const accepted = first.filter((s) => s.status === 200);
    expect(accepted).toHaveLength(40);
    for (let client = 1; client <= 10; client++) expect(accepted.filter((s) => s.client === client).length).toBeLessThanOrEqual(15);
    expect(crowd.filter((s) => s.status !== 200).every((s) => s.status === 429 || s.status === 503)).toBe(true);
    expect(crowd.some((s) => s.status === 503)).toBe(true);
    for (const s of first) s.close();
    // Closed streams give their slots back: forty fresh ones from new clients are all admitted.
    await vi.waitFor(async () => {
      const again = await Promise.all(Array.from({ length: 40 }, (_, i) => open(20 + (i % 4))));
      for (const s of again) s.close();
      expect(again.map((s) => s.status)).toEqual(Array<number>(40).fill(200));
    }, { timeout: 15_000, interval: 200 });
    expect(stderr()).not.toMatch(/MaxListeners|memory leak|Error/);
    child.kill('SIGTERM');
    await exit;
  });
});
