// The security ports (docs/ARCHITECTURE.md): the use cases ask for signatures, key pairs, secret
// files, a SAST scan and the install platform; src/cli/compose-security.ts wires the Node adapters.
// Shaped like sigstore-js's `Signer.sign` — one job, one method.
import type { InstallPlatform } from './lockfile-graph.js';
import type { LintFileResult, RuleDescriptor } from './sarif.js';

/** The environment variable holding the signing key's PEM text (never passed to a child process). */
export const SIGNING_KEY_ENV = 'SPECGATE_SIGNING_KEY';

/** Produces signatures with one private key whose public half is known. */
export interface Signer {
  /** Signs `data` (the exact bytes, hashed with SHA-256 inside) and returns the DER ECDSA signature. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The SPKI PEM public key that verifies this signer's signatures. */
  readonly publicKeyPem: string;
}

export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly encrypted: boolean;
}

/** Makes key pairs and stores the private half where only its owner can read it. */
export interface KeyVault {
  /** A fresh ECDSA P-256 pair; the private key is encrypted when a passphrase is given. */
  generateKeyPair(passphrase?: string): KeyPairPem;
  /** Writes `data` atomically with `mode` set before any byte; refuses an existing file unless `overwrite`. */
  writeSecret(path: string, data: string, mode: number, overwrite: boolean): Promise<void>;
}

/** What the built-in ESLint security scan found, paths relative to the scanned root. */
export interface EslintScan {
  readonly files: readonly LintFileResult[];
  readonly rules: readonly RuleDescriptor[];
  readonly tool: { readonly name: string; readonly version: string; readonly plugin: { readonly name: string; readonly version: string } };
}

/** Runs the built-in ESLint security scan over `include` (folders relative to `root`). */
export type EslintSecurityScan = (root: string, include: readonly string[]) => Promise<EslintScan>;

/** The platform npm would install for on this machine: the SBOM describes that installed tree. */
export type PlatformProbe = () => InstallPlatform;
