// `specgate keys generate` through the real CLI, checked with openssl.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('specgate keys generate', () => {
  it('writes an encrypted P-256 PKCS#8 key (0600) and its public key; openssl agrees on the fingerprint', async () => {
    const dir = tempDir('specgate-keys-');
    const env = { SPECGATE_KEY_PASSPHRASE: 'a long passphrase' };
    const result = await runCli(['keys', 'generate', '--out', 'k', '--json'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout);
    expect(out.encrypted).toBe(true);
    const key = path.join(dir, 'k/specgate.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const text = execFileSync('openssl', ['pkey', '-in', key, '-passin', 'env:SPECGATE_KEY_PASSPHRASE', '-noout', '-text'], { env: { ...process.env, ...env } }).toString();
    expect(text).toMatch(/NIST CURVE: P-256|prime256v1/);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', path.join(dir, 'k/specgate.pub'), '-outform', 'DER']);
    expect(out.fingerprint).toBe(execFileSync('sha256sum', { input: der }).toString().split(' ')[0]);
  });

  it('warns loudly when no passphrase is set and writes a plain key', async () => {
    const dir = tempDir('specgate-keys-');
    const result = await runCli(['keys', 'generate'], { cwd: dir, env: { SPECGATE_KEY_PASSPHRASE: undefined } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING: SPECGATE_KEY_PASSPHRASE is not set[\s\S]*NOT encrypted/);
    expect(readFileSync(path.join(dir, 'specgate.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('uses the passphrase variable named in specgate.yaml and refuses to overwrite a key', async () => {
    const dir = tempDir('specgate-keys-');
    execFileSync('sh', ['-c', 'printf "signing:\\n  passphraseEnv: MY_PASS\\n" > specgate.yaml'], { cwd: dir });
    const first = await runCli(['keys', 'generate', '--json'], { cwd: dir, env: { MY_PASS: 'from-config', SPECGATE_KEY_PASSPHRASE: undefined } });
    expect(JSON.parse(first.stdout).encrypted).toBe(true);
    const before = readFileSync(path.join(dir, 'specgate.key'));
    const again = await runCli(['keys', 'generate'], { cwd: dir, env: { MY_PASS: 'x' } });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/error KEY_EXISTS/);
    expect(readFileSync(path.join(dir, 'specgate.key'))).toEqual(before);
  });
});
