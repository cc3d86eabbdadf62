// CLI consistency (issue #16 item 9), through the built CLI: named runs for `verify`, `--json` for
// `report`, `-C` with a missing folder, timestamped NDJSON events, NO_COLOR / FORCE_COLOR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const GOOD = path.join(REPO_ROOT, 'test/fixtures/runs/good');
const ESC = '\x1b[';

/** A project whose reports/ holds the fixture runs (newest finished run: 20260103090000) and whose specgate.yaml lists their approver. */
function projectWithRuns(): string {
  const root = tempDir();
  fs.cpSync(GOOD, path.join(root, 'reports'), { recursive: true, verbatimSymlinks: true });
  for (const name of ['specgate.yaml', 'approvers']) fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/project', name), path.join(root, name), { recursive: true });
  return root;
}

describe('CLI consistency', () => {
  it('`verify latest`, `verify deployed` and `verify RUN_ID` use the same run locator as `report`', async () => {
    const root = projectWithRuns();
    const latest = await runCli(['verify', 'latest'], { cwd: root });
    expect(latest.stderr).toContain('verify of run 20260103090000 (feature 2918efd63b57): the newest finished run (latest)');
    expect(latest.stdout).toContain('verified: reports/2918efd63b57/20260103090000');
    expect(latest.code).toBe(0);

    const none = await runCli(['verify', 'deployed'], { cwd: root });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing has been deployed to staging');
    expect(none.stderr).toContain('specgate verify latest');

    const serving = { releaseId: 'rel-1', runId: '20260101090000', featureSha: '2918efd63b57', since: '2026-01-01T09:01:30Z', pid: null, port: 8788 };
    fs.mkdirSync(path.join(root, '.specgate'));
    fs.writeFileSync(path.join(root, '.specgate', 'staging.json'), JSON.stringify({ schemaVersion: 1, supervisor: null, proxy: null, serving, previous: null, updatedAt: '2026-01-01T09:01:30Z' }));
    const deployed = await runCli(['verify', 'deployed', '--json'], { cwd: root });
    expect(deployed.stderr).toContain('verify of run 20260101090000 (feature 2918efd63b57): the release staging serves (rel-1');
    expect(JSON.parse(deployed.stdout)).toMatchObject({ ok: true, runDir: path.join(fs.realpathSync(root), 'reports/2918efd63b57/20260101090000') });
    expect(deployed.code).toBe(0);

    const byId = await runCli(['verify', '20990101000000'], { cwd: root });
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain('run 20990101000000 not found');
  });

  it('`report --json` is the documented flag; `--format json` stays an alias', async () => {
    const root = projectWithRuns();
    const flag = await runCli(['report', '--json'], { cwd: root });
    const alias = await runCli(['report', '--format', 'json'], { cwd: root });
    expect(flag.code).toBe(0);
    expect(alias.code).toBe(0);
    const a = JSON.parse(flag.stdout);
    const b = JSON.parse(alias.stdout);
    expect(a.overall).toEqual(b.overall);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    const help = await runCli(['report', '--help'], { cwd: root });
    expect(help.stdout).toContain('--json');
  });

  it('`-C` with a missing folder exits 2 with a clear message, whatever the command', async () => {
    const cwd = tempDir();
    for (const args of [['-C', 'nope', 'validate'], ['--cwd=nope', 'report'], ['-C', 'nope', 'id', '--json']]) {
      const r = await runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('PATH_NOT_FOUND: -C nope: no such folder');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });

  it('NDJSON events carry an ISO `time`; NO_COLOR wins over FORCE_COLOR, FORCE_COLOR colours a pipe', async () => {
    const root = makeProject();
    const before = Date.now();
    const json = await runCli(['run', '--json', '--stages', 'preflight'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan' } });
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; time: string });
    expect(events.map((e) => e.type)).toContain('run.finished');
    for (const e of events) {
      expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(json.stdout).not.toContain(ESC);

    const forced = await runCli(['run', '--stages', 'preflight'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan', NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    const both = await runCli(['run', '--stages', 'preflight'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan', NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stdout).toContain('■ preflight');
    expect(both.stdout).not.toContain(ESC);
    const off = await runCli(['run', '--stages', 'preflight'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan', NO_COLOR: undefined, FORCE_COLOR: '0' } });
    expect(off.stdout).not.toContain(ESC);
  });
});
