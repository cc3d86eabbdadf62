// Node implementation of the Signer port: ECDSA P-256 keys from node:crypto, PKCS#8 PEM private
// keys (optionally encrypted with a passphrase from the environment), DER signatures as cosign
// writes them. Key material never leaves this module: errors name where a key came from, never it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { SIGNING_KEY_ENV, type KeyPairPem, type Signer } from '../../core/security/ports.js';
import { KeyError } from '../../core/security/errors.js';

export { SIGNING_KEY_ENV, type KeyPairPem };

/** A fresh P-256 key pair; the private key is encrypted (AES-256-CBC, PKCS#8) when a passphrase is given. */
export function generateKeyPair(passphrase?: string): KeyPairPem {
  const encrypted = passphrase !== undefined && passphrase.length > 0;
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: encrypted
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, encrypted };
}

class NodeSigner implements Signer {
  constructor(
    private readonly key: KeyObject,
    readonly publicKeyPem: string,
  ) {}
  sign(data: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(sign('sha256', data, { key: this.key, dsaEncoding: 'der' }));
  }
}

/**
 * Builds a Signer from PEM text. `source` names where the key came from (a path or an env var)
 * for error messages; `passphraseEnv` names the variable the passphrase is read from.
 */
export function signerFromPem(pem: string, options: { source: string; passphrase?: string; passphraseEnv: string }): Signer {
  const encrypted = pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  if (encrypted && (options.passphrase === undefined || options.passphrase.length === 0)) {
    throw new KeyError('KEY_PASSPHRASE', `the signing key from ${options.source} is encrypted but ${options.passphraseEnv} is not set`, {
      path: options.source,
      hint: `export ${options.passphraseEnv}=<passphrase> (or change signing.passphraseEnv in specgate.yaml)`,
    });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: pem, format: 'pem', passphrase: options.passphrase } : { key: pem, format: 'pem' });
  } catch (error) {
    if (encrypted) {
      throw new KeyError('KEY_PASSPHRASE', `cannot decrypt the signing key from ${options.source}: wrong passphrase in ${options.passphraseEnv}?`, {
        path: options.source,
        hint: `check ${options.passphraseEnv}; the key was encrypted with the passphrase set when it was generated`,
      });
    }
    throw new KeyError('KEY_INVALID', `the signing key from ${options.source} is not a PEM private key`, {
      path: options.source,
      cause: error,
      hint: 'use the specgate.key written by `specgate keys generate` (PKCS#8 PEM)',
    });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new KeyError('KEY_UNSUPPORTED', `the signing key from ${options.source} is not an ECDSA P-256 key`, {
      path: options.source,
      hint: 'specgate signs with ECDSA P-256 (cosign’s default); generate one with `specgate keys generate`',
    });
  }
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return new NodeSigner(key, publicKeyPem);
}

export interface SignerSource {
  readonly fs: FileSystem;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Project root: a relative `signing.key` or `keyPath` is resolved against it. */
  readonly root: string;
  readonly signing: { readonly key?: string | undefined; readonly passphraseEnv: string };
  /** An explicit key file (e.g. `--key`), which wins over everything else. */
  readonly keyPath?: string | undefined;
}

/**
 * Finds the signing key: an explicit path, else SPECGATE_SIGNING_KEY (PEM text), else the path in
 * config `signing.key`; `undefined` when none is configured (the signing gate decides what that means).
 */
export async function loadSigner(source: SignerSource): Promise<Signer | undefined> {
  const passphraseEnv = source.signing.passphraseEnv;
  const passphrase = source.env[passphraseEnv];
  const fromFile = async (file: string, origin: string): Promise<Signer> => {
    const absolute = path.resolve(source.root, file);
    let pem: string;
    try {
      pem = await source.fs.readText(absolute);
    } catch (error) {
      throw new KeyError('KEY_UNREADABLE', `cannot read the signing key ${file} (${origin})`, {
        path: file,
        cause: error,
        hint: 'check the path and its permissions, or run `specgate keys generate`',
      });
    }
    return signerFromPem(pem, { source: file, passphraseEnv, ...(passphrase === undefined ? {} : { passphrase }) });
  };
  if (source.keyPath !== undefined) return fromFile(source.keyPath, '--key');
  const inline = source.env[SIGNING_KEY_ENV];
  if (inline !== undefined && inline.trim().length > 0) {
    return signerFromPem(inline, { source: SIGNING_KEY_ENV, passphraseEnv, ...(passphrase === undefined ? {} : { passphrase }) });
  }
  if (source.signing.key !== undefined) return fromFile(source.signing.key, 'signing.key in specgate.yaml');
  return undefined;
}
