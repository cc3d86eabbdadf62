// `specgate sbom` through the real CLI on throw-away copies of real lockfile fixtures.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/security');
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function copy(fixture: string): string {
  const dir = tempDir('specgate-sbom-');
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

const withoutTimestamp = (json: string): string => json.replace(/"timestamp": "[^"]+"/, '"timestamp": "-"');

describe('specgate sbom', () => {
  for (const fixture of ['npm-v2', 'npm-v3', 'pnpm-v9', 'yarn-v1']) {
    it(`writes a schema-valid, deterministic CycloneDX 1.6 SBOM to stdout (${fixture})`, async () => {
      const dir = copy(fixture);
      const first = await runCli(['sbom'], { cwd: dir });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(await validator.validate(first.stdout)).toBeNull();
      const second = await runCli(['sbom', '--project', dir], { cwd: tempDir() });
      expect(withoutTimestamp(second.stdout)).toBe(withoutTimestamp(first.stdout));
      const doc = JSON.parse(first.stdout);
      expect(doc.components.map((c: { purl: string }) => c.purl)).not.toContain('pkg:npm/left-pad@1.3.0');
    });
  }

  it('npm v2/v3, pnpm 9 and yarn 1 lockfiles of the same project give the same components', async () => {
    const purls = async (fixture: string): Promise<string[]> => {
      const doc = JSON.parse((await runCli(['sbom', '--include-dev'], { cwd: copy(fixture) })).stdout) as { components: { purl: string }[] };
      return doc.components.map((c) => c.purl);
    };
    const expected = await purls('npm-v3');
    expect(expected).toHaveLength(10);
    for (const fixture of ['npm-v2', 'pnpm-v9', 'yarn-v1']) expect(await purls(fixture)).toEqual(expected);
  });

  it('--out writes the file atomically and --json prints a summary', async () => {
    const dir = copy('npm-v3');
    const result = await runCli(['sbom', '--include-dev', '--out', 'out/sbom.json', '--json'], { cwd: dir });
    expect(result.code).toBe(2); // out/ does not exist: a clear error, not a partial file
    expect(result.stderr).toMatch(/PATH_NOT_FOUND: cannot write out\/sbom\.json: folder out does not exist/);
    const ok = await runCli(['sbom', '--include-dev', '--out', 'sbom.json', '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary).toMatchObject({ file: 'sbom.json', lockfile: 'package-lock.json', components: 10 });
    const doc = JSON.parse(readFileSync(path.join(dir, 'sbom.json'), 'utf8'));
    expect(doc.serialNumber).toBe(summary.serialNumber);
    expect(doc.services[0].endpoints).toEqual(['/healthz', '/v1/payments', '/v1/ping', '/v1/users', '/v1/users/{id}']);
  });

  it('names an unsupported lockfile and says what is supported (exit 2)', async () => {
    const dir = copy('npm-v3');
    rmSync(path.join(dir, 'package-lock.json'));
    writeFileSync(path.join(dir, 'bun.lockb'), Buffer.from([0x23, 0x21]));
    const result = await runCli(['sbom'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bun\.lockb: error LOCKFILE_UNSUPPORTED/);
    expect(result.stderr).toMatch(/package-lock\.json \(v2\/v3\), npm-shrinkwrap\.json, pnpm-lock\.yaml \(6\/9\) and yarn\.lock \(v1\)/);
    writeFileSync(path.join(dir, 'yarn.lock'), '__metadata:\n  version: 8\n');
    const berry = await runCli(['sbom'], { cwd: dir });
    expect(berry.code).toBe(2);
    expect(berry.stderr).toMatch(/yarn\.lock: error LOCKFILE_UNSUPPORTED: yarn\.lock is a yarn 2\+ \(berry\) lockfile/);
    expect(result.stdout).toBe('');
  });

  it('fails clearly without any lockfile and on a v1 lockfile', async () => {
    const dir = copy('npm-v3');
    rmSync(path.join(dir, 'package-lock.json'));
    const none = await runCli(['sbom'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/LOCKFILE_MISSING[\s\S]*npm install --package-lock-only/);
    writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'x', lockfileVersion: 1, dependencies: {} }));
    const v1 = await runCli(['sbom'], { cwd: dir });
    expect(v1.code).toBe(2);
    expect(v1.stderr).toMatch(/package-lock\.json: error LOCKFILE_UNSUPPORTED: package-lock\.json has lockfileVersion 1/);
  });
});
