import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import { signerFromPem } from '../adapters/security/node-signer.js';
import { nodeKeyVault, securityStageAdapters, signFile, verifyFileSignature } from './compose-security.js';

describe('compose-security', () => {
  it('wires a vault whose private key file is 0600 and never replaced by accident', async () => {
    const dir = tempDir('specgate-vault-');
    const pair = nodeKeyVault.generateKeyPair();
    const file = path.join(dir, 'specgate.key');
    await nodeKeyVault.writeSecret(file, pair.privateKeyPem, 0o600, false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expect(nodeKeyVault.writeSecret(file, 'other', 0o600, false)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(file, 'utf8')).toBe(pair.privateKeyPem);
  });

  it('keeps the library API on the real disk when no file system is passed', async () => {
    const dir = tempDir('specgate-lib-');
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'evidence\n');
    const pair = nodeKeyVault.generateKeyPair();
    const signer = signerFromPem(pair.privateKeyPem, { source: 'test', passphraseEnv: 'X' });
    expect(await signFile(file, signer)).toBe(`${file}.sig`);
    expect((await verifyFileSignature(file, pair.publicKeyPem)).ok).toBe(true);
    fs.writeFileSync(file, 'tampered\n');
    expect((await verifyFileSignature(file, pair.publicKeyPem)).ok).toBe(false);
  });

  it('gives the stages this machine’s platform', () => {
    expect(securityStageAdapters.currentPlatform()).toMatchObject({ os: process.platform, cpu: process.arch });
  });
});
