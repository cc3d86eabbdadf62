// `specgate report` end to end: the built CLI on the fixture runs (test/fixtures/runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const GOOD = path.join(REPO_ROOT, 'test/fixtures/runs/good');
const TAMPERED = path.join(REPO_ROOT, 'test/fixtures/runs/tampered');
const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): (d: unknown) => boolean } }).default;

describe('specgate report', () => {
  it('writes the Markdown report of the latest run and exits 0 when nothing fails', async () => {
    const r = await runCli(['report', '--reports', GOOD], { cwd: tempDir() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Run:** 20260103090000 (success)');
    expect(r.stdout).toContain('| Signature verification | required | valid | ✅ |');
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
    expect(r.stdout).toContain('❌ **Evidence digests**: sbom.cyclonedx.json');
    expect(r.stdout).toContain('chain broken at line 9');
  });

  it('--out writes an HTML file atomically; --key with a foreign key fails verification', async () => {
    const dir = tempDir();
    const r = await runCli(['report', 'latest', '--feature', '2918efd63b57', '--reports', GOOD, '--format', 'html', '--out', 'report.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote report.html');
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
    const foreign = await runCli(['report', '--reports', GOOD, '--key', path.join(REPO_ROOT, 'test/fixtures/runs/keys/other.pub.pem')], { cwd: dir });
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toContain('❌ **Signatures**');
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
