import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import type { KeyVault } from '../../core/security/ports.js';
import { fingerprint } from '../../core/security/signature.js';
import { generateKeyPair } from '../../adapters/security/node-signer.js';
import { generateKeys } from './keys.js';
import { nodeFs } from './node-ports.test-helper.js';

/** A vault that records what the use case asks of it: the private key must only go through writeSecret. */
function recordingVault(): KeyVault & { secrets: { path: string; data: string; mode: number; overwrite: boolean }[]; passphrases: (string | undefined)[] } {
  const pair = generateKeyPair();
  const vault = {
    secrets: [] as { path: string; data: string; mode: number; overwrite: boolean }[],
    passphrases: [] as (string | undefined)[],
    generateKeyPair(passphrase?: string) {
      vault.passphrases.push(passphrase);
      return { ...pair, encrypted: passphrase !== undefined };
    },
    writeSecret(p: string, data: string, mode: number, overwrite: boolean) {
      vault.secrets.push({ path: p, data, mode, overwrite });
      return Promise.resolve();
    },
  };
  return vault;
}

describe('generateKeys', () => {
  it('writes the private key through the vault (0600, no overwrite) and the public key beside it', async () => {
    const outDir = path.join(tempDir('specgate-keys-'), 'nested');
    const vault = recordingVault();
    const keys = await generateKeys({ fs: nodeFs, vault, outDir, passphrase: 'pw' });
    expect(vault.passphrases).toEqual(['pw']);
    expect(vault.secrets).toEqual([{ path: path.join(outDir, 'specgate.key'), data: expect.stringContaining('PRIVATE KEY') as string, mode: 0o600, overwrite: false }]);
    const pub = fs.readFileSync(path.join(outDir, 'specgate.pub'), 'utf8');
    expect(keys).toEqual({ privateKeyPath: path.join(outDir, 'specgate.key'), publicKeyPath: path.join(outDir, 'specgate.pub'), fingerprint: fingerprint(pub), encrypted: true });
  });

  it('refuses to replace an existing key before making one, unless forced', async () => {
    const outDir = tempDir('specgate-keys-');
    fs.writeFileSync(path.join(outDir, 'specgate.pub'), 'old');
    const vault = recordingVault();
    await expect(generateKeys({ fs: nodeFs, vault, outDir })).rejects.toMatchObject({ code: 'KEY_EXISTS' });
    expect(vault.passphrases).toEqual([]);
    await generateKeys({ fs: nodeFs, vault, outDir, force: true });
    expect(vault.secrets.map((s) => s.overwrite)).toEqual([true]);
    expect(fs.readFileSync(path.join(outDir, 'specgate.pub'), 'utf8')).toContain('PUBLIC KEY');
  });
});
