// `specgate validate` end to end: the real CLI on throw-away projects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateReport = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/spec-validation-report.schema.json'), 'utf8')));

const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const GOOD = `${R}\nFeature: pay\n  Scenario: ok\n    Given a wallet\n    When I pay\n    Then it works\n`;
const BAD = `Feature: refund

  @resource:cpu=0.1234,memory=512,storage=100,story_points=3
  Scenario: precise
    Given a
    When b
    Then c

  Scenario: untagged
    Given a
    Then c
`;

function project(files: Record<string, string> = { 'features/pay.feature': GOOD, 'features/refund.feature': BAD }): string {
  const root = tempDir('specgate-validate-');
  writeTree(root, files);
  return root;
}

describe('specgate validate', () => {
  it('sandbox: compiler-form warnings, a summary, exit 0', async () => {
    const root = project();
    const r = await runCli(['validate'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'features/refund.feature:3:3: warning RESOURCE_PRECISION cpu=0.1234 has 4 decimal places; at most 3 are allowed (e.g. 0.123)',
      'features/refund.feature:9:3: warning RESOURCE_MISSING Scenario "untagged" has no @resource tag on itself, its Rule or its Feature; add one like @resource:cpu=0.5,memory=512,storage=100,story_points=3',
      'features/refund.feature:9:3: warning STEP_MISSING_WHEN Scenario "untagged" has no When (action) step after Background steps are prepended; add one',
      '2 files, 3 scenarios, 0 errors, 3 warnings',
      '',
    ]);
  });

  it('compliance (flag or specgate.yaml): the same findings are errors, exit 1', async () => {
    const root = project();
    const flag = await runCli(['validate', '--mode', 'compliance'], { cwd: root });
    expect(flag.code).toBe(1);
    expect(flag.stdout).toContain('features/refund.feature:3:3: error RESOURCE_PRECISION cpu=0.1234');
    expect(flag.stdout).toContain('2 files, 3 scenarios, 3 errors, 0 warnings');

    writeTree(root, { 'specgate.yaml': 'mode: compliance\n' });
    expect((await runCli(['validate'], { cwd: root })).code).toBe(1);
    expect((await runCli(['validate', '--mode', 'sandbox'], { cwd: root })).code).toBe(0);
  });

  it('the fast path (no commander) and the full CLI print the same output and exit codes', async () => {
    const root = project();
    for (const args of [['validate'], ['validate', '--json', 'features/refund.feature'], ['validate', '--mode', 'compliance'], ['validate', 'nope']]) {
      const fast = await runCli(args, { cwd: root });
      const full = await runCli(['-C', '.', ...args], { cwd: root });
      expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
    }
  });

  it('compliance with clean specs passes', async () => {
    const root = project({ 'features/pay.feature': GOOD });
    const r = await runCli(['validate', '--mode', 'compliance'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file, 1 scenario, 0 errors, 0 warnings\n');
  });

  it('--json prints a schema-valid spec-validation-report.json; --report writes the same document atomically', async () => {
    const root = project();
    const r = await runCli(['validate', '--json', '--mode', 'compliance', '--report', 'out/nested/report.json'], { cwd: root });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(validateReport(doc), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(doc).toMatchObject({ schemaVersion: '1.0.0', mode: 'compliance', status: 'fail', summary: { files: 2, features: 2, scenarios: 3, errors: 3, warnings: 0 } });
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual(['features/pay.feature', 'features/refund.feature']);
    expect(fs.readFileSync(path.join(root, 'out/nested/report.json'), 'utf8')).toBe(r.stdout);
    expect(fs.readdirSync(path.join(root, 'out/nested'))).toEqual(['report.json']);
  });

  it('--report into a path that cannot be written is exit 2 and leaves nothing behind', async () => {
    const root = project();
    writeTree(root, { 'out/blocker': 'a file where a folder should be' });
    const r = await runCli(['validate', '--report', 'out/blocker/report.json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out\/blocker\/report\.json: error INVALID_ARGUMENT: cannot write the report/);
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['blocker']);
  });

  it('the feature SHA in the report equals `specgate id`', async () => {
    const root = project();
    const report = JSON.parse((await runCli(['validate', '--json'], { cwd: root })).stdout);
    const id = await runCli(['id'], { cwd: root });
    expect(`${report.featureSha}\n`).toBe(id.stdout);
  });

  it('takes file and folder arguments relative to the cwd and prints paths relative to it', async () => {
    const root = project();
    writeTree(root, { 'specgate.yaml': 'mode: sandbox\n' });
    const r = await runCli(['validate', 'refund.feature'], { cwd: path.join(root, 'features') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^refund\.feature:3:3: warning RESOURCE_PRECISION/);
    const json = JSON.parse((await runCli(['validate', '--json', 'refund.feature'], { cwd: path.join(root, 'features') })).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['features/refund.feature']);
  });

  it('uses `features` from specgate.yaml and -C', async () => {
    const root = project({ 'specs/pay.feature': GOOD, 'specgate.yaml': 'features:\n  - specs\n' });
    const r = await runCli(['-C', root, 'validate'], { cwd: REPO_ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file, 1 scenario, 0 errors, 0 warnings\n');
  });

  it('every dialect: a German spec with Rule, Background and Outline', async () => {
    const de = `# language: de\n${R}\nFunktionalität: Überweisung\n  Grundlage:\n    Angenommen ein Konto\n  Regel: Inland\n    Szenariogrundriss: <n> EUR\n      Wenn ich <n> EUR überweise\n      Dann ist es gebucht\n      Beispiele:\n        | n |\n        | 1 |\n        | 2 |\n`;
    const root = project({ 'features/de.feature': de });
    const r = await runCli(['validate', '--json', '--mode', 'compliance'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ scenarios: 1, examples: 2, pickles: 2, errors: 0 });
  });

  it('exit 2 with what to do: no feature files, a missing path, an unreadable entry, an unknown flag, a bad mode', async () => {
    const empty = project({ 'features/README.md': 'nothing yet' });
    const none = await runCli(['validate'], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no \.feature files found in features/);
    expect(none.stderr).toMatch(/hint: write specs as features\/<name>\.feature/);

    const missing = await runCli(['validate', 'nope'], { cwd: empty });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: error SPEC_PATH_NOT_FOUND: no such file or directory/);

    const root = project();
    fs.mkdirSync(path.join(root, 'features/folder.feature'));
    const unreadable = await runCli(['validate'], { cwd: root });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('features/folder.feature: it is a directory, not a file');

    const flag = await runCli(['validate', '--frobnicate'], { cwd: root });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--frobnicate'/);

    const mode = await runCli(['validate', '--mode', 'strict'], { cwd: root });
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/sandbox, compliance/);
  });

  it('a binary file and a non-UTF-8 file named .feature are findings, not crashes', async () => {
    const root = project({ 'features/pay.feature': GOOD });
    fs.writeFileSync(path.join(root, 'features/image.feature'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    fs.writeFileSync(path.join(root, 'features/latin1.feature'), Buffer.from('Feature: caf\xe9\n', 'latin1'));
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('features/image.feature:1:1: warning GHERKIN_SYNTAX file is not valid UTF-8 (byte 0x89)');
    expect(r.stdout).toContain('features/latin1.feature:1:13: warning GHERKIN_SYNTAX file is not valid UTF-8 (byte 0xe9)');
    expect(r.stdout).toContain('3 files, 1 scenario, 0 errors, 2 warnings');
  });

  it('--help explains the command with examples', async () => {
    const r = await runCli(['validate', '--help'], { cwd: REPO_ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--mode <mode>');
    expect(r.stdout).toContain('--report <file>');
  });
});
