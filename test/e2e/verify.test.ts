// `specgate verify RUN_DIR` through the real CLI on a run directory signed with `specgate sign`.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const ARTIFACTS: Record<string, string> = {
  'spec-validation-report.json': '{"schemaVersion":1,"findings":[]}\n',
  'sast.sarif': '{"version":"2.1.0","runs":[]}\n',
  'logs/build.log': '$ npm run build\nok\n',
};

async function signedRun(): Promise<{ root: string; runDir: string }> {
  const root = tempDir('specgate-verify-');
  await runCli(['keys', 'generate', '--out', 'keys'], { cwd: root, env: { SPECGATE_KEY_PASSPHRASE: undefined } });
  const runDir = path.join(root, 'reports/005cc0262265/20250924140440');
  writeTree(runDir, ARTIFACTS);
  const artifacts = Object.entries(ARTIFACTS).map(([p, c]) => ({ path: p, sha256: createHash('sha256').update(c).digest('hex'), size: Buffer.byteLength(c), mediaType: 'text/plain' }));
  writeFileSync(path.join(runDir, 'manifest.json'), `${JSON.stringify({ schemaVersion: 1, artifacts }, null, 2)}\n`);
  const files = [...Object.keys(ARTIFACTS), 'manifest.json'].map((f) => path.join(runDir, f));
  const signed = await runCli(['sign', '--key', 'keys/specgate.key', ...files], { cwd: root });
  expect(signed.code).toBe(0);
  copyFileSync(path.join(root, 'keys/specgate.pub'), path.join(runDir, 'signing.pub'));
  return { root, runDir };
}

describe('specgate verify RUN_DIR', () => {
  it('verifies an intact run (exit 0), with --key or the run’s own signing.pub', async () => {
    const { root, runDir } = await signedRun();
    const withKey = await runCli(['verify', runDir, '--key', 'keys/specgate.pub'], { cwd: root });
    expect(withKey.code).toBe(0);
    expect(withKey.stdout).toMatch(/verified: /);
    const own = await runCli(['verify', runDir, '--json'], { cwd: root });
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ ok: true, keySource: 'run' });
    expect(own.stderr).toMatch(/out of band/);
  });

  it('fails naming the file when any one byte of any artifact is flipped', async () => {
    for (const rel of Object.keys(ARTIFACTS)) {
      const { root, runDir } = await signedRun();
      const file = path.join(runDir, rel);
      const bytes = readFileSync(file);
      bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 0x20;
      writeFileSync(file, bytes);
      const result = await runCli(['verify', runDir, '--key', 'keys/specgate.pub'], { cwd: root });
      expect(result.code, rel).toBe(1);
      expect(result.stderr).toContain(`${path.join(runDir, rel)}: error ARTIFACT_MODIFIED`);
      expect(result.stderr).toContain(`${path.join(runDir, rel)}: error SIGNATURE_INVALID`);
    }
  });

  it('names a missing artifact and an unexpected file', async () => {
    const { root, runDir } = await signedRun();
    writeFileSync(path.join(runDir, 'sast.sarif'), '');
    writeTree(runDir, { 'planted.js': 'x' });
    const { rmSync } = await import('node:fs');
    rmSync(path.join(runDir, 'logs/build.log'));
    const result = await runCli(['verify', runDir, '--key', 'keys/specgate.pub', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    const codes = JSON.parse(result.stdout).problems.map((p: { code: string; path: string }) => `${p.code} ${p.path}`);
    expect(codes).toEqual(expect.arrayContaining(['ARTIFACT_MISSING logs/build.log', 'ARTIFACT_UNEXPECTED planted.js', 'ARTIFACT_MODIFIED sast.sarif']));
  });

  it('exits 2 on a target that does not exist', async () => {
    const result = await runCli(['verify', 'nope'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PATH_NOT_FOUND/);
  });

  it('the fast path (no commander) and the full CLI print the same output and exit codes', async () => {
    const { root, runDir } = await signedRun();
    const cases = [['verify', runDir, '--key', 'keys/specgate.pub'], ['verify', '--json', runDir], ['verify', 'nope'], ['verify', path.join(runDir, 'sast.sarif'), '--key', 'keys/specgate.pub']];
    const same = async (): Promise<void> => {
      for (const args of cases) {
        const fast = await runCli(args, { cwd: root });
        const full = await runCli(['-C', '.', ...args], { cwd: root });
        expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }, args.join(' ')).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
      }
    };
    await same();
    writeFileSync(path.join(runDir, 'sast.sarif'), '{"version":"2.1.0","runs":[{}]}\n');
    await same();
    expect((await runCli(cases[0] ?? [], { cwd: root })).code).toBe(1);
  });
});
