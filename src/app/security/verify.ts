// `specgate verify`: checks a run directory the way an auditor would — every manifest entry exists
// with its recorded digest and size, every signature verifies, nothing unexpected sits beside them,
// and the provenance's subjects are exactly the files present. Collects every problem, never stops
// at the first.
import { imageSubjectOf } from '../image/provenance-subject.js';
import { provenanceRunFacts } from '../../core/security/provenance.js';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { KeyError, VerificationError, type VerificationErrorCode } from '../../core/security/errors.js';
import { isAccountedFor, parseRunManifest, type RunManifest } from '../../core/security/manifest.js';
import { decodeSignature, fingerprint, parsePublicKey, SIGNATURE_SUFFIX, verifySignature } from '../../core/security/signature.js';
import { sha256Hex } from '../../core/data.js';
import { verifyStatementEnvelope } from '../../core/security/envelope.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { checkRunIdentity, type RunIdentity } from '../../core/security/run-identity.js';

export interface VerificationProblem {
  readonly code: VerificationErrorCode;
  /** Relative to the run directory. */
  readonly path: string;
  readonly message: string;
}

export interface FileVerification {
  readonly path: string;
  readonly digest: 'ok' | 'missing' | 'modified';
  readonly signature: 'valid' | 'invalid' | 'missing' | 'unchecked';
}

export interface RunVerification {
  readonly ok: boolean;
  readonly runDir: string;
  /** `given`: the caller's key (trusted); `run`: the run's own signing.pub (compare its fingerprint out of band). */
  readonly keySource: 'given' | 'run' | 'none';
  readonly fingerprint?: string;
  readonly manifestFingerprint?: string;
  readonly files: readonly FileVerification[];
  readonly unexpected: readonly string[];
  readonly provenance: { readonly state: 'missing' | 'valid' | 'invalid' | 'unverified'; readonly detail: string };
  /** The manifest's runId/featureSha against the folder's names (after resolving e.g. `latest`). */
  readonly identity: RunIdentity;
  readonly problems: readonly VerificationProblem[];
  readonly warnings: readonly string[];
}

export interface VerifyRunOptions {
  readonly fs?: FileSystem;
  /** Extra files the caller's layout adds to a run (e.g. approvals), relative paths. */
  readonly allowExtra?: (relativePath: string) => boolean;
}

async function listFiles(fs: FileSystem, root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fs.readdir(path.join(root, rel))) {
    const child = rel === '' ? name : `${rel}/${name}`;
    const info = await fs.lstat(path.join(root, child));
    if (info?.kind === 'directory') out.push(...(await listFiles(fs, root, child)));
    else out.push(child);
  }
  return out;
}

async function readIfFile(fs: FileSystem, file: string): Promise<Uint8Array | undefined> {
  // Never follow a symlink planted in evidence: it could point anywhere.
  if ((await fs.lstat(file))?.kind !== 'file') return undefined;
  return fs.readFile(file);
}

/** Verifies a run directory; `publicKeyPem` is the auditor's key, else the run's signing.pub is used. */
export async function verifyRun(runDir: string, publicKeyPem?: string, options: VerifyRunOptions = {}): Promise<RunVerification> {
  const fs = options.fs ?? new NodeFileSystem();
  const manifestBytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.manifest));
  if (manifestBytes === undefined) {
    throw new VerificationError('MANIFEST_MISSING', `${runDir} has no ${EVIDENCE_FILE.manifest}`, {
      path: path.join(runDir, EVIDENCE_FILE.manifest),
      hint: 'pass a run directory (reports/<feature-sha>/<run-id>) or a single signed file',
    });
  }
  const manifest: RunManifest = parseRunManifest(Buffer.from(manifestBytes).toString('utf8'));
  const problems: VerificationProblem[] = [];
  const warnings: string[] = [];
  const problem = (code: VerificationErrorCode, rel: string, message: string): void => {
    problems.push({ code, path: rel, message });
  };

  let keySource: RunVerification['keySource'] = 'none';
  let key: KeyObject | undefined;
  let keyPem = publicKeyPem;
  if (keyPem !== undefined) keySource = 'given';
  else {
    const copy = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.publicKey));
    if (copy !== undefined) {
      keyPem = Buffer.from(copy).toString('utf8');
      keySource = 'run';
      warnings.push(`using the run's own ${EVIDENCE_FILE.publicKey}: compare its fingerprint with one obtained out of band`);
    }
  }
  let keyFingerprint: string | undefined;
  if (keyPem !== undefined) {
    key = parsePublicKey(keyPem, keySource === 'run' ? EVIDENCE_FILE.publicKey : '--key');
    keyFingerprint = fingerprint(keyPem);
    if (manifest.keyFingerprint !== undefined && manifest.keyFingerprint !== keyFingerprint) {
      problem('FINGERPRINT_MISMATCH', EVIDENCE_FILE.manifest, `the manifest records key ${manifest.keyFingerprint} but the key used has fingerprint ${keyFingerprint}`);
    }
  } else if (manifest.keyFingerprint !== undefined) {
    // The run says it was signed: a missing key must not turn into a silent pass.
    problem('SIGNATURE_MISSING', EVIDENCE_FILE.publicKey, `the manifest records signing key ${manifest.keyFingerprint} but no public key was given and ${EVIDENCE_FILE.publicKey} is missing: pass --key`);
  } else if (manifest.raw.mode === 'compliance') {
    problem('SIGNATURE_MISSING', EVIDENCE_FILE.manifest, 'this compliance run is unsigned: compliance evidence must be signed (docs/contracts.md §6)');
  } else {
    warnings.push('no public key (pass --key or keep signing.pub in the run): signatures were not checked');
  }

  const checkSignature = async (rel: string, data: Uint8Array): Promise<FileVerification['signature']> => {
    if (key === undefined) return 'unchecked';
    const sigBytes = await readIfFile(fs, path.join(runDir, `${rel}${SIGNATURE_SUFFIX}`));
    if (sigBytes === undefined) {
      problem('SIGNATURE_MISSING', `${rel}${SIGNATURE_SUFFIX}`, `${rel} has no signature`);
      return 'missing';
    }
    try {
      const der = decodeSignature(Buffer.from(sigBytes).toString('utf8'), `${rel}${SIGNATURE_SUFFIX}`);
      if (verifySignature(key, data, der)) return 'valid';
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
    }
    problem('SIGNATURE_INVALID', rel, `the signature of ${rel} does not verify: the file or its .sig was changed, or another key signed it`);
    return 'invalid';
  };

  const files: FileVerification[] = [];
  const actualDigests = new Map<string, string>();
  for (const artifact of [...manifest.artifacts].sort((a, b) => a.path.localeCompare(b.path))) {
    const data = await readIfFile(fs, path.join(runDir, artifact.path));
    if (data === undefined) {
      problem('ARTIFACT_MISSING', artifact.path, `${artifact.path} is listed in the manifest but missing`);
      files.push({ path: artifact.path, digest: 'missing', signature: key === undefined ? 'unchecked' : 'missing' });
      continue;
    }
    const digest = sha256Hex(data);
    actualDigests.set(artifact.path, digest);
    const intact = digest === artifact.sha256 && data.length === artifact.size;
    if (!intact) problem('ARTIFACT_MODIFIED', artifact.path, `${artifact.path} was modified: sha256 ${digest}, manifest records ${artifact.sha256}`);
    files.push({ path: artifact.path, digest: intact ? 'ok' : 'modified', signature: await checkSignature(artifact.path, data) });
  }
  actualDigests.set(EVIDENCE_FILE.manifest, sha256Hex(manifestBytes));
  // A run that built an image also names it (repository → manifest digest) as a subject.
  // An unreadable image.json is already reported above (modified or missing); it then names no subject.
  const imageBytes = manifest.artifacts.some((a) => a.path === EVIDENCE_FILE.image) ? await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.image)) : undefined;
  const image = (() => {
    try {
      return imageSubjectOf(imageBytes, EVIDENCE_FILE.image);
    } catch {
      return undefined;
    }
  })();
  if (image !== undefined) actualDigests.set(image.path, image.sha256);
  files.push({ path: EVIDENCE_FILE.manifest, digest: 'ok', signature: await checkSignature(EVIDENCE_FILE.manifest, manifestBytes) });

  const listed = new Set(manifest.artifacts.map((a) => a.path));
  const unexpected = (await listFiles(fs, runDir)).filter((f) => !isAccountedFor(f, listed) && !(options.allowExtra?.(f) ?? false));
  for (const f of unexpected) problem('ARTIFACT_UNEXPECTED', f, `${f} is not listed in the manifest`);

  const identity = await checkFolderIdentity(fs, runDir, manifest.raw, problem, warnings);
  const provenance = await checkProvenance(fs, runDir, key, actualDigests, problem, manifest.raw);
  if (keyPem !== undefined) await checkSigstoreBundle(fs, runDir, keyPem, problem);
  const result: RunVerification = {
    ok: problems.length === 0,
    runDir,
    keySource,
    ...(keyFingerprint === undefined ? {} : { fingerprint: keyFingerprint }),
    ...(manifest.keyFingerprint === undefined ? {} : { manifestFingerprint: manifest.keyFingerprint }),
    files,
    unexpected,
    provenance,
    identity,
    problems,
    warnings,
  };
  return result;
}

/** A run folder copied over another run's id must not verify: its names must be the manifest's. */
async function checkFolderIdentity(
  fs: FileSystem,
  runDir: string,
  manifest: Readonly<Record<string, unknown>>,
  problem: (code: VerificationErrorCode, rel: string, message: string) => void,
  warnings: string[],
): Promise<RunIdentity> {
  // `reports/<sha>/latest` names no run: compare with the folder it resolves to.
  const folder = await fs.realpath(runDir).catch(() => runDir);
  const identity = checkRunIdentity(folder, manifest);
  if (identity.state === 'mismatch') problem('RUN_IDENTITY_MISMATCH', EVIDENCE_FILE.manifest, identity.detail);
  if (identity.state === 'unchecked') warnings.push(identity.detail);
  return identity;
}

async function checkProvenance(
  fs: FileSystem,
  runDir: string,
  key: KeyObject | undefined,
  actual: ReadonlyMap<string, string>,
  problem: (code: VerificationErrorCode, rel: string, message: string) => void,
  manifest: Readonly<Record<string, unknown>>,
): Promise<RunVerification['provenance']> {
  const bytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.provenance));
  if (bytes === undefined) return { state: 'missing', detail: `no ${EVIDENCE_FILE.provenance}` };
  if (key === undefined) return { state: 'unverified', detail: 'no public key to verify the provenance with' };
  const lines = Buffer.from(bytes).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  try {
    if (lines.length !== 1) throw new VerificationError('PROVENANCE_INVALID', `${EVIDENCE_FILE.provenance} holds ${lines.length} envelopes, expected 1`);
    const statement = verifyStatementEnvelope(lines[0] ?? '', key, EVIDENCE_FILE.provenance);
    const claimed = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
    const mismatched: string[] = [];
    for (const [name, digest] of actual) if (claimed.get(name) !== digest) mismatched.push(name);
    for (const name of claimed.keys()) if (!actual.has(name)) mismatched.push(name);
    if (mismatched.length > 0) {
      const names = [...new Set(mismatched)].sort();
      problem('PROVENANCE_INVALID', EVIDENCE_FILE.provenance, `provenance subjects do not match the files: ${names.join(', ')}`);
      return { state: 'invalid', detail: `subjects differ for ${names.join(', ')}` };
    }
    // The statement must describe this run: the same run id, feature SHA and mode as the manifest.
    const run: Record<string, unknown> = provenanceRunFacts(statement.predicate);
    const differs = (['runId', 'featureSha', 'mode'] as const).filter((k) => manifest[k] !== undefined && run[k] !== manifest[k]);
    if (differs.length > 0) {
      const what = differs.map((k) => `${k} ${JSON.stringify(run[k])} (manifest: ${JSON.stringify(manifest[k])})`).join(', ');
      problem('PROVENANCE_INVALID', EVIDENCE_FILE.provenance, `the provenance describes another run: ${what}`);
      return { state: 'invalid', detail: `describes another run: ${what}` };
    }
    const about = typeof run.runId === 'string' ? ` for run ${run.runId}, feature ${String(run.featureSha)}, ${String(run.mode)} mode` : '';
    return { state: 'valid', detail: `signed statement covers ${claimed.size} files${about}` };
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    problem('PROVENANCE_INVALID', EVIDENCE_FILE.provenance, error.message);
    return { state: 'invalid', detail: error.message };
  }
}

/** The optional Sigstore bundle must verify and carry the same statement as provenance.intoto.jsonl. */
async function checkSigstoreBundle(
  fs: FileSystem,
  runDir: string,
  keyPem: string,
  problem: (code: VerificationErrorCode, rel: string, message: string) => void,
): Promise<void> {
  const bytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.sigstoreBundle));
  if (bytes === undefined) return;
  const { verifySigstoreBundle } = await import('./sigstore-bundle.js');
  let payload: string;
  try {
    payload = await verifySigstoreBundle(Buffer.from(bytes).toString('utf8'), keyPem);
  } catch (error) {
    problem('PROVENANCE_INVALID', EVIDENCE_FILE.sigstoreBundle, `the Sigstore bundle does not verify: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const envelope = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.provenance));
  let expected: unknown;
  try {
    expected = envelope === undefined ? undefined : (JSON.parse(Buffer.from(envelope).toString('utf8')) as { payload?: unknown }).payload;
  } catch {
    // A damaged provenance file is reported by checkProvenance; the bundle cannot match it.
  }
  if (payload !== expected) problem('PROVENANCE_INVALID', EVIDENCE_FILE.sigstoreBundle, `the Sigstore bundle carries another statement than ${EVIDENCE_FILE.provenance}`);
}

export interface FileSignatureVerification {
  readonly ok: boolean;
  readonly path: string;
  readonly signature: string;
  readonly fingerprint: string;
}

/** Verifies `<file>.sig` over `file` with `publicKeyPem`. */
export async function verifyFileSignature(file: string, publicKeyPem: string | undefined, fs: FileSystem = new NodeFileSystem()): Promise<FileSignatureVerification> {
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
