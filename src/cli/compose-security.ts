// The security area's composition root: the Node adapters behind the ports of src/app/security
// (key vault, ESLint scan, install platform, file system) and the library API of src/index.ts,
// which keeps its Node defaults (a missing `fs` is the real disk) while the use cases take ports.
import { NodeFileSystem } from '../adapters/node-fs.js';
import { currentPlatform } from '../adapters/security/platform.js';
import { generateKeyPair } from '../adapters/security/node-signer.js';
import { writeFileAtomicMode } from '../adapters/security/secret-file.js';
import { NodeProcessRunner } from '../adapters/process-runner.js';
import type { FileSystem } from '../core/ports.js';
import type { EslintSecurityScan, KeyVault, Signer } from '../core/security/ports.js';
import type { ProvenanceInput, Statement } from '../core/security/provenance.js';
import type * as sast from '../app/security/sast.js';
import type * as sbom from '../app/security/sbom.js';
import type * as sign from '../app/security/sign.js';
import type * as verify from '../app/security/verify.js';

/** Key pairs from node:crypto; the private key written 0600 before its first byte. */
export const nodeKeyVault: KeyVault = { generateKeyPair, writeSecret: writeFileAtomicMode };

/** ESLint and its plugins load only when a SAST scan runs (hundreds of ms of start-up). */
export const eslintSecurityScan: EslintSecurityScan = async (root, include) =>
  (await import('../adapters/security/eslint-scan.js')).runEslintSecurityScan(root, include);

/** What the validate and build stages need from this area (merged into compose.ts's stageAdapters). */
export const securityStageAdapters = { eslintScan: eslintSecurityScan, currentPlatform } as const;

// The public API (src/index.ts): the same signatures as before the ports, Node wired by default.
// Each loads its use case on call, so a command that imports this module pays for none of them.

export async function signFile(file: string, signer: Signer, fs: FileSystem = new NodeFileSystem()): Promise<string> {
  return (await import('../app/security/sign.js')).signFile(file, signer, fs);
}

export async function signRunDirectory(runDir: string, signer: Signer, fs: FileSystem = new NodeFileSystem()): Promise<sign.SignedRun> {
  return (await import('../app/security/sign.js')).signRunDirectory(runDir, signer, fs);
}

export async function writeSignedProvenance(
  runDir: string,
  input: Omit<ProvenanceInput, 'artifacts'> & { readonly artifacts?: ProvenanceInput['artifacts'] },
  signer: Signer,
  fs: FileSystem = new NodeFileSystem(),
): Promise<Statement> {
  return (await import('../app/security/provenance.js')).writeSignedProvenance(runDir, input, signer, fs);
}

export async function verifyRun(runDir: string, publicKeyPem?: string, options: Partial<verify.VerifyRunOptions> = {}): Promise<verify.RunVerification> {
  return (await import('../app/security/verify.js')).verifyRun(runDir, publicKeyPem, { ...options, fs: options.fs ?? new NodeFileSystem() });
}

export async function verifyFileSignature(file: string, publicKeyPem: string | undefined, fs: FileSystem = new NodeFileSystem()): Promise<verify.FileSignatureVerification> {
  return (await import('../app/security/verify.js')).verifyFileSignature(file, publicKeyPem, fs);
}

type Defaulted<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export async function runSast(options: Defaulted<sast.RunSastOptions, 'fs' | 'processes' | 'eslintScan'>): Promise<sast.SastOutcome> {
  return (await import('../app/security/sast.js')).runSast({ ...options, fs: options.fs ?? new NodeFileSystem(), processes: options.processes ?? new NodeProcessRunner(), eslintScan: options.eslintScan ?? eslintSecurityScan });
}

export async function generateSbom(options: Defaulted<sbom.GenerateSbomOptions, 'platform'>): Promise<sbom.GeneratedSbom> {
  return (await import('../app/security/sbom.js')).generateSbom({ ...options, platform: options.platform ?? currentPlatform() });
}
