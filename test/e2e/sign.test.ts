// `specgate sign` / `specgate verify FILE` through the real CLI, interoperating with openssl both ways.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const PASS = 'sign-test-passphrase';

async function keyed(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = tempDir('specgate-sign-');
  await runCli(['keys', 'generate', '--out', 'keys'], { cwd: dir, env: { SPECGATE_KEY_PASSPHRASE: PASS } });
  const env = { SPECGATE_SIGNING_KEY: readFileSync(path.join(dir, 'keys/specgate.key'), 'utf8'), SPECGATE_KEY_PASSPHRASE: PASS };
  return { dir, env };
}

/** Exactly the auditor's command from docs/contracts.md §3, through bash for the process substitution. */
function opensslVerify(pub: string, file: string): string {
  const script = 'openssl dgst -sha256 -verify "$1" -signature <(base64 -d < "$2.sig") "$2"';
  return execFileSync('bash', ['-c', script, 'verify', pub, file]).toString().trim();
}

describe('specgate sign', () => {
  it('signs files with the key from SPECGATE_SIGNING_KEY; openssl verifies every .sig', async () => {
    const { dir, env } = await keyed();
    writeTree(dir, { 'a.json': '{"a":1}\n', 'dist/app.tar.gz': Buffer.from([0, 1, 2, 255]) });
    const result = await runCli(['sign', 'a.json', 'dist/app.tar.gz', '--json'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).signatures).toEqual(['a.json.sig', 'dist/app.tar.gz.sig']);
    for (const f of ['a.json', 'dist/app.tar.gz']) expect(opensslVerify(path.join(dir, 'keys/specgate.pub'), path.join(dir, f))).toBe('Verified OK');
    expect(readFileSync(path.join(dir, 'a.json.sig'), 'utf8')).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('takes the key from signing.key in specgate.yaml, and --key over it', async () => {
    const { dir } = await keyed();
    writeTree(dir, { 'specgate.yaml': 'signing:\n  key: keys/specgate.key\n', 'f.txt': 'x' });
    const result = await runCli(['sign', 'f.txt'], { cwd: dir, env: { SPECGATE_KEY_PASSPHRASE: PASS, SPECGATE_SIGNING_KEY: undefined } });
    expect(result.code).toBe(0);
    expect(opensslVerify(path.join(dir, 'keys/specgate.pub'), path.join(dir, 'f.txt'))).toBe('Verified OK');
  });

  it('fails with a clear error and exit 2 without a key, a passphrase, or the right passphrase', async () => {
    const { dir, env } = await keyed();
    writeTree(dir, { 'f.txt': 'x' });
    const none = await runCli(['sign', 'f.txt'], { cwd: dir, env: { SPECGATE_SIGNING_KEY: undefined } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error KEY_MISSING[\s\S]*specgate keys generate/);
    const noPass = await runCli(['sign', 'f.txt'], { cwd: dir, env: { ...env, SPECGATE_KEY_PASSPHRASE: undefined } });
    expect(noPass.stderr).toMatch(/KEY_PASSPHRASE.*SPECGATE_KEY_PASSPHRASE is not set/);
    const wrong = await runCli(['sign', 'f.txt'], { cwd: dir, env: { ...env, SPECGATE_KEY_PASSPHRASE: 'nope' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/KEY_PASSPHRASE: cannot decrypt/);
    for (const r of [none, noPass, wrong]) expect(r.stderr).not.toContain(PASS);
  });
});

describe('specgate verify FILE', () => {
  it('accepts a signature openssl made, and rejects it once the file changes', async () => {
    const dir = tempDir('specgate-verify-file-');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'k.pem'], { cwd: dir });
    execFileSync('openssl', ['ec', '-in', 'k.pem', '-pubout', '-out', 'k.pub'], { cwd: dir, stdio: 'ignore' });
    writeFileSync(path.join(dir, 'report.json'), '{"ok":true}\n');
    const der = execFileSync('openssl', ['dgst', '-sha256', '-sign', 'k.pem', 'report.json'], { cwd: dir });
    writeFileSync(path.join(dir, 'report.json.sig'), der.toString('base64'));
    const ok = await runCli(['verify', 'report.json', '--key', 'k.pub'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^verified: report\.json/);
    writeFileSync(path.join(dir, 'report.json'), '{"ok":false}\n');
    const bad = await runCli(['verify', 'report.json', '--key', 'k.pub'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/report\.json: error SIGNATURE_INVALID/);
  });
});
