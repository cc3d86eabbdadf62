// `specgate keys generate`: a fresh ECDSA P-256 key pair for signing evidence. The private key
// is encrypted with the passphrase from the environment when one is set; otherwise it is written
// in the clear and the caller must warn loudly.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { KeyError } from '../../core/security/errors.js';
import { fingerprint } from '../../core/security/signature.js';
import type { KeyVault } from '../../core/security/ports.js';

export const PRIVATE_KEY_FILE = 'specgate.key';
export const PUBLIC_KEY_FILE_NAME = 'specgate.pub';

export interface GeneratedKeys {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  readonly fingerprint: string;
  readonly encrypted: boolean;
}

export interface GenerateKeysOptions {
  readonly fs: FileSystem;
  /** Makes the pair and writes the private key 0600 (src/cli/compose-security.ts wires node:crypto). */
  readonly vault: KeyVault;
  readonly outDir: string;
  /** The passphrase, read by the caller from the configured environment variable; absent = unencrypted. */
  readonly passphrase?: string | undefined;
  readonly force?: boolean;
}

export async function generateKeys(options: GenerateKeysOptions): Promise<GeneratedKeys> {
  const { fs, outDir } = options;
  const privateKeyPath = path.join(outDir, PRIVATE_KEY_FILE);
  const publicKeyPath = path.join(outDir, PUBLIC_KEY_FILE_NAME);
  if (!options.force) {
    for (const p of [privateKeyPath, publicKeyPath]) {
      if ((await fs.lstat(p)) !== undefined) {
        throw new KeyError('KEY_EXISTS', `${p} already exists; refusing to overwrite a key`, {
          path: p,
          hint: 'choose another --out folder, or pass --force if you really mean to replace it (old signatures will no longer verify with the new key)',
        });
      }
    }
  }
  await fs.mkdirp(outDir);
  const pair = options.vault.generateKeyPair(options.passphrase);
  await options.vault.writeSecret(privateKeyPath, pair.privateKeyPem, 0o600, options.force ?? false);
  await fs.writeAtomic(publicKeyPath, pair.publicKeyPem);
  return { privateKeyPath, publicKeyPath, fingerprint: fingerprint(pair.publicKeyPem), encrypted: pair.encrypted };
}
