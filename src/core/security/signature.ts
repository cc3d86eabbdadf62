// The signature format of docs/contracts.md §3: what `cosign sign-blob --key` writes — base64 of the DER
// ECDSA P-256 / SHA-256 signature over the exact file bytes — plus the key fingerprint recorded
// in the manifest. Hashing and verifying are deterministic computations, so they live in the core.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { KeyError, VerificationError } from './errors.js';
import { sha256Hex } from '../data.js';

/** Suffix of a detached signature file: `sbom.cyclonedx.json` → `sbom.cyclonedx.json.sig`. */
export const SIGNATURE_SUFFIX = '.sig';

/** Parses a PEM public key and insists on ECDSA P-256: anything else is not our format. */
export function parsePublicKey(publicKeyPem: string, source = 'public key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicKeyPem, format: 'pem' });
  } catch (error) {
    throw new KeyError('KEY_INVALID', `${source} is not a PEM public key`, {
      path: source,
      cause: error,
      hint: 'pass the specgate.pub written by `specgate keys generate` (SPKI PEM, "-----BEGIN PUBLIC KEY-----")',
    });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new KeyError('KEY_UNSUPPORTED', `${source} is not an ECDSA P-256 key`, {
      path: source,
      hint: 'specgate signs with ECDSA P-256 (cosign’s default); generate one with `specgate keys generate`',
    });
  }
  return key;
}

/** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex: `openssl pkey -pubin -outform DER | sha256sum`. */
export function fingerprint(publicKeyPem: string): string {
  const der = parsePublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return sha256Hex(der);
}

/** The text of a `.sig` file: base64, no line breaks, no trailing newline (as cosign writes it). */
export function encodeSignature(der: Uint8Array): string {
  return Buffer.from(der).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes a `.sig` file. Attacker-controlled: reject anything that is not clean base64. */
export function decodeSignature(text: string, source: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new VerificationError('SIGNATURE_MALFORMED', `${source} is not a base64 signature`, {
      path: source,
      hint: 'a .sig file holds base64 of a DER ECDSA signature; re-sign the file with `specgate sign`',
    });
  }
  return Buffer.from(compact, 'base64');
}

/** True when `signature` (DER) is a valid ECDSA P-256/SHA-256 signature over `data`. */
export function verifySignature(publicKey: KeyObject | string, data: Uint8Array, signature: Uint8Array): boolean {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  try {
    return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // A signature that is not even valid DER is simply not a valid signature.
    return false;
  }
}

// Re-exported for the security domain's callers; the definition lives in src/core/data.ts.
