// `specgate report` end to end: the built CLI on the fixture runs (test/fixtures/runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const GOOD = path.join(REPO_ROOT, 'test/fixtures/runs/good');
const TAMPERED = path.join(REPO_ROOT, 'test/fixtures/runs/tampered');
const FIXTURE_PROJECT = path.join(REPO_ROOT, 'test/fixtures/runs/project');

/** A folder with the fixture project's specgate.yaml and approver keys: there, its signed approvals count. */
function withApprovers(): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(FIXTURE_PROJECT, 'specgate.yaml'), path.join(dir, 'specgate.yaml'));
  fs.cpSync(path.join(FIXTURE_PROJECT, 'approvers'), path.join(dir, 'approvers'), { recursive: true });
  return dir;
}

const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): (d: unknown) => boolean } }).default;

describe('specgate report', () => {
  it('writes the Markdown report of the latest run and exits 0 when nothing fails', async () => {
    const r = await runCli(['report', '--reports', GOOD], { cwd: withApprovers() });
    // stdout is the report alone; stderr says which run it is.
    expect(r.stderr).toBe('report of run 20260103090000 (feature 2918efd63b57): the newest finished run (latest)\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Run** 20260103090000 (success)');
    expect(r.stdout).toContain('| Signature verification | required | ✅ pass — ');
    expect(r.stdout).toContain('| Approval | signed by a listed approver, not the initiator | ✅ pass — approved by cto@payments.example (signed by a listed approver)');
  });

  it('the fast path (no commander) and the full CLI print the same report, messages and exit codes', async () => {
    const cwd = withApprovers();
    // The report carries the time it was generated; everything else must match byte for byte.
    const same = (text: string): string => text.replace(/generated \d{4}-\d\d-\d\dT[\d:]+Z/g, 'generated T').replace(/"generatedAt": "[^"]+"/g, '"generatedAt": "T"');
    for (const args of [['report', '--reports', GOOD], ['report', 'latest', '--reports', TAMPERED, '--json'], ['report', 'nope', '--reports', GOOD]]) {
      const fast = await runCli(args, { cwd });
      const full = await runCli(['-C', '.', ...args], { cwd });
      expect({ code: fast.code, stdout: same(fast.stdout), stderr: fast.stderr }).toEqual({ code: full.code, stdout: same(full.stdout), stderr: full.stderr });
    }
  });

  it('counts no approval where no approvers are listed: the same compliance run fails the approval row', async () => {
    const r = await runCli(['report', '--reports', GOOD], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| Approval | signed by a listed approver, not the initiator | ❌ fail — no approval counts');
    expect(r.stdout).toContain('no approvers are listed in specgate.yaml');
  });

  it('exits 1 on a failed run, with JSON that matches the published schema', async () => {
    const r = await runCli(['report', '20260102090000', '--reports', GOOD, '--format', 'json'], { cwd: tempDir() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/executive-report.schema.json'), 'utf8')));
    expect(validate(doc)).toBe(true);
    expect(doc.overall.status).toBe('fail');
  });

  it('catches the tampered run and names the edited file and ledger line', async () => {
    const r = await runCli(['report', '--reports', TAMPERED], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| Evidence digests | all match | ❌ fail — sbom.cyclonedx.json');
    expect(r.stdout).toContain('chain broken at line 9');
  });

  it('--out writes an HTML file atomically; --key with a foreign key fails verification', async () => {
    const dir = withApprovers();
    const r = await runCli(['report', 'latest', '--feature', '2918efd63b57', '--reports', GOOD, '--format', 'html', '--out', 'report.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote report.html');
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // Evidence links resolve from where the report was written, not from the run folder.
    const href = /<a href="([^"]+spec-coverage\.json)">/.exec(html)?.[1];
    expect(href).toBeDefined();
    expect(fs.existsSync(path.resolve(dir, decodeURIComponent(href!)))).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['approvers', 'report.html', 'specgate.yaml']);
    const foreign = await runCli(['report', '--reports', GOOD, '--key', path.join(REPO_ROOT, 'test/fixtures/runs/keys/other.pub.pem')], { cwd: dir });
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toContain('| Signature verification | required | ❌ fail');
  });

  it('`report deployed` reports the release staging serves, not the newest run', async () => {
    const project = withApprovers();
    fs.mkdirSync(path.join(project, '.specgate'));
    const none = await runCli(['report', 'deployed', '--reports', GOOD], { cwd: project });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing has been deployed to staging');
    expect(none.stderr).toContain('specgate deploy latest');
    const serving = { releaseId: 'rel-1', runId: '20260101090000', featureSha: '2918efd63b57', since: '2026-01-01T09:01:30Z', pid: null, port: 8788 };
    fs.writeFileSync(path.join(project, '.specgate', 'staging.json'), JSON.stringify({ schemaVersion: 1, supervisor: null, proxy: null, serving, previous: null, updatedAt: '2026-01-01T09:01:30Z' }));
    const r = await runCli(['report', 'deployed', '--reports', GOOD], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^report of run 20260101090000 \(feature 2918efd63b57\): the release staging serves \(rel-1, since 2026-01-01T09:01:30Z/);
    expect(r.stdout).toContain('**Run** 20260101090000 (success)');
  });

  it('bad input exits 2 with what to do', async () => {
    const cwd = tempDir();
    const badId = await runCli(['report', '../../etc', '--reports', GOOD], { cwd });
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('RUN_ID_INVALID');
    expect(badId.stderr).toContain('hint:');
    const unknown = await runCli(['report', '20990101000000', '--reports', GOOD], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('RUN_NOT_FOUND');
    const noReports = await runCli(['report'], { cwd });
    expect(noReports.code).toBe(2);
    expect(noReports.stderr).toContain('REPORTS_NOT_FOUND');
    const format = await runCli(['report', '--reports', GOOD, '--format', 'pdf'], { cwd });
    expect(format.code).toBe(2);
  });
});
