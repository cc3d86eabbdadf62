// `specgate verify`: checks a run directory the way an auditor would — every manifest entry exists
// with its recorded digest and size, every signature verifies, nothing unexpected sits beside them,
// and the provenance's subjects are exactly the files present. Collects every problem, never stops
// at the first. verifyRun reads as its steps: read the manifest, choose the key, check the files,
// check the folder, check the provenance.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { KeyError, VerificationError } from '../../core/security/errors.js';
import { parseRunManifest, type RunManifest } from '../../core/security/manifest.js';
import { decodeSignature, fingerprint, parsePublicKey, SIGNATURE_SUFFIX, verifySignature } from '../../core/security/signature.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { checkRunIdentity, type RunIdentity } from '../../core/security/run-identity.js';
import { checkArtifacts, checkUnlisted, Findings, readIfFile, type FileVerification, type VerificationProblem } from './verify-files.js';
import { checkProvenance, checkSigstoreBundle, type ProvenanceVerdict } from './verify-provenance.js';

export type { FileVerification, VerificationProblem } from './verify-files.js';

export interface RunVerification {
  readonly ok: boolean;
  readonly runDir: string;
  /** `given`: the caller's key (trusted); `run`: the run's own signing.pub (compare its fingerprint out of band). */
  readonly keySource: 'given' | 'run' | 'none';
  readonly fingerprint?: string;
  readonly manifestFingerprint?: string;
  readonly files: readonly FileVerification[];
  readonly unexpected: readonly string[];
  readonly provenance: ProvenanceVerdict;
  /** The manifest's runId/featureSha against the folder's names (after resolving e.g. `latest`). */
  readonly identity: RunIdentity;
  readonly problems: readonly VerificationProblem[];
  readonly warnings: readonly string[];
}

export interface VerifyRunOptions {
  readonly fs: FileSystem;
  /** Extra files the caller's layout adds to a run (e.g. approvals), relative paths. */
  readonly allowExtra?: (relativePath: string) => boolean;
}

/** Verifies a run directory; `publicKeyPem` is the auditor's key, else the run's signing.pub is used. */
export async function verifyRun(runDir: string, publicKeyPem: string | undefined, options: VerifyRunOptions): Promise<RunVerification> {
  const { fs } = options;
  const findings = new Findings();
  const { manifest, manifestBytes } = await readManifest(fs, runDir);
  const trust = await chooseKey(fs, runDir, manifest, publicKeyPem, findings);
  const { files, digests } = await checkArtifacts(fs, runDir, manifest, manifestBytes, trust.key, findings);
  const unexpected = await checkUnlisted(fs, runDir, manifest, options.allowExtra, findings);
  const identity = await checkFolderIdentity(fs, runDir, manifest.raw, findings);
  const provenance = await checkProvenance(fs, runDir, trust.key, digests, manifest.raw, findings);
  await checkSigstoreBundle(fs, runDir, trust.key, trust.fingerprint, findings);
  return {
    ok: findings.problems.length === 0,
    runDir,
    keySource: trust.source,
    ...(trust.fingerprint === undefined ? {} : { fingerprint: trust.fingerprint }),
    ...(manifest.keyFingerprint === undefined ? {} : { manifestFingerprint: manifest.keyFingerprint }),
    files,
    unexpected,
    provenance,
    identity,
    problems: findings.problems,
    warnings: findings.warnings,
  };
}

/** Step 1: the manifest must exist as a regular file and parse; without it nothing else can be judged. */
async function readManifest(fs: FileSystem, runDir: string): Promise<{ manifest: RunManifest; manifestBytes: Uint8Array }> {
  const manifestBytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.manifest));
  if (manifestBytes === undefined) {
    throw new VerificationError('MANIFEST_MISSING', `${runDir} has no ${EVIDENCE_FILE.manifest}`, {
      path: path.join(runDir, EVIDENCE_FILE.manifest),
      hint: 'pass a run directory (reports/<feature-sha>/<run-id>) or a single signed file',
    });
  }
  return { manifest: parseRunManifest(Buffer.from(manifestBytes).toString('utf8')), manifestBytes };
}

interface Trust {
  readonly source: RunVerification['keySource'];
  readonly key?: KeyObject;
  readonly fingerprint?: string;
}

/**
 * Step 2: the key signatures are checked with — the caller's, else the run's own copy (with a
 * warning). A run that says it was signed, or any compliance run, never passes for lack of a key.
 */
async function chooseKey(fs: FileSystem, runDir: string, manifest: RunManifest, given: string | undefined, findings: Findings): Promise<Trust> {
  const copy = given === undefined ? await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.publicKey)) : undefined;
  const keyPem = given ?? (copy === undefined ? undefined : Buffer.from(copy).toString('utf8'));
  if (keyPem === undefined) {
    reportNoKey(manifest, findings);
    return { source: 'none' };
  }
  const source = given === undefined ? 'run' : 'given';
  if (source === 'run') findings.warn(`using the run's own ${EVIDENCE_FILE.publicKey}: compare its fingerprint with one obtained out of band`);
  const key = parsePublicKey(keyPem, source === 'run' ? EVIDENCE_FILE.publicKey : '--key');
  const keyFingerprint = fingerprint(keyPem);
  if (manifest.keyFingerprint !== undefined && manifest.keyFingerprint !== keyFingerprint) {
    findings.problem('FINGERPRINT_MISMATCH', EVIDENCE_FILE.manifest, `the manifest records key ${manifest.keyFingerprint} but the key used has fingerprint ${keyFingerprint}`);
  }
  return { source, key, fingerprint: keyFingerprint };
}

function reportNoKey(manifest: RunManifest, findings: Findings): void {
  if (manifest.keyFingerprint !== undefined) {
    // The run says it was signed: a missing key must not turn into a silent pass.
    findings.problem('SIGNATURE_MISSING', EVIDENCE_FILE.publicKey, `the manifest records signing key ${manifest.keyFingerprint} but no public key was given and ${EVIDENCE_FILE.publicKey} is missing: pass --key`);
  } else if (manifest.raw.mode === 'compliance') {
    findings.problem('SIGNATURE_MISSING', EVIDENCE_FILE.manifest, 'this compliance run is unsigned: compliance evidence must be signed (docs/contracts.md §6)');
  } else {
    findings.warn('no public key (pass --key or keep signing.pub in the run): signatures were not checked');
  }
}

/** Step 4: a run folder copied over another run's id must not verify: its names must be the manifest's. */
async function checkFolderIdentity(fs: FileSystem, runDir: string, manifest: Readonly<Record<string, unknown>>, findings: Findings): Promise<RunIdentity> {
  // `reports/<sha>/latest` names no run: compare with the folder it resolves to.
  const folder = await fs.realpath(runDir).catch(() => runDir);
  const identity = checkRunIdentity(folder, manifest);
  if (identity.state === 'mismatch') findings.problem('RUN_IDENTITY_MISMATCH', EVIDENCE_FILE.manifest, identity.detail);
  if (identity.state === 'unchecked') findings.warn(identity.detail);
  return identity;
}

export interface FileSignatureVerification {
  readonly ok: boolean;
  readonly path: string;
  readonly signature: string;
  readonly fingerprint: string;
}

/** Verifies `<file>.sig` over `file` with `publicKeyPem`. */
export async function verifyFileSignature(file: string, publicKeyPem: string | undefined, fs: FileSystem): Promise<FileSignatureVerification> {
  if (publicKeyPem === undefined) {
    throw new KeyError('KEY_MISSING', `no public key to verify ${file} with`, {
      path: file,
      hint: 'pass --key specgate.pub (the public key of whoever signed it)',
    });
  }
  const sigPath = `${file}${SIGNATURE_SUFFIX}`;
  const data = await readIfFile(fs, file);
  if (data === undefined) throw new VerificationError('ARTIFACT_MISSING', `${file} does not exist`, { path: file, hint: 'check the path' });
  const sig = await readIfFile(fs, sigPath);
  if (sig === undefined) {
    throw new VerificationError('SIGNATURE_MISSING', `${file} has no signature ${sigPath}`, { path: sigPath, hint: 'sign it with `specgate sign FILE`' });
  }
  const ok = verifySignature(publicKeyPem, data, decodeSignature(Buffer.from(sig).toString('utf8'), sigPath));
  return { ok, path: file, signature: sigPath, fingerprint: fingerprint(publicKeyPem) };
}
