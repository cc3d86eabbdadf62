// The per-file steps of `specgate verify` (verify.ts): reading evidence without following links,
// checking each manifest entry's digest, size and signature, and finding files nobody listed.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { BoundedRead, FileSystem } from '../../core/ports.js';
import { VerificationError, type VerificationErrorCode } from '../../core/security/errors.js';
import { isAccountedFor, type RunManifest } from '../../core/security/manifest.js';
import { decodeSignature, SIGNATURE_SUFFIX, verifySignature } from '../../core/security/signature.js';
import { sha256Hex } from '../../core/data.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { imageSubjectOf } from '../image/provenance-subject.js';

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

/** Every problem and warning found so far: verify collects them all, never stops at the first. */
export class Findings {
  readonly problems: VerificationProblem[] = [];
  readonly warnings: string[] = [];
  problem(code: VerificationErrorCode, rel: string, message: string): void {
    this.problems.push({ code, path: rel, message });
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
}

/** Evidence files up to this size are read in one blocking open/fstat/read/close (no thread-pool round trips). */
const SYNC_READ_MAX = 8 * 1024 * 1024;

/** The blocking bounded read, `undefined` when the path does not exist. */
function readSmallFile(read: NonNullable<FileSystem['readBoundedSync']>, file: string): BoundedRead | undefined {
  try {
    return read(file, SYNC_READ_MAX);
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The bytes of a regular file, or undefined (missing, a symlink, a folder, a FIFO, a device). */
export async function readIfFile(fs: FileSystem, file: string): Promise<Uint8Array | undefined> {
  if (fs.readBoundedSync !== undefined) {
    // Never follow a symlink planted in evidence (it could point anywhere): O_NOFOLLOW, regular files only.
    const small = readSmallFile(fs.readBoundedSync.bind(fs), file);
    if (small?.kind !== 'too-large') return small?.kind === 'file' ? small.bytes : undefined;
  }
  if ((await fs.lstat(file))?.kind !== 'file') return undefined;
  return fs.readFile(file);
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

/** Checks `<rel>.sig` over `data` with the trusted key; `unchecked` when there is no key. */
async function checkSignature(fs: FileSystem, runDir: string, key: KeyObject | undefined, rel: string, data: Uint8Array, findings: Findings): Promise<FileVerification['signature']> {
  if (key === undefined) return 'unchecked';
  const sigBytes = await readIfFile(fs, path.join(runDir, `${rel}${SIGNATURE_SUFFIX}`));
  if (sigBytes === undefined) {
    findings.problem('SIGNATURE_MISSING', `${rel}${SIGNATURE_SUFFIX}`, `${rel} has no signature`);
    return 'missing';
  }
  try {
    const der = decodeSignature(Buffer.from(sigBytes).toString('utf8'), `${rel}${SIGNATURE_SUFFIX}`);
    if (verifySignature(key, data, der)) return 'valid';
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
  }
  findings.problem('SIGNATURE_INVALID', rel, `the signature of ${rel} does not verify: the file or its .sig was changed, or another key signed it`);
  return 'invalid';
}

export interface ArtifactCheck {
  readonly files: readonly FileVerification[];
  /** What each file present actually hashes to (plus the image subject): the provenance must name exactly these. */
  readonly digests: ReadonlyMap<string, string>;
}

/** Every manifest entry exists with its recorded digest, size and signature; the manifest is signed too. */
export async function checkArtifacts(
  fs: FileSystem,
  runDir: string,
  manifest: RunManifest,
  manifestBytes: Uint8Array,
  key: KeyObject | undefined,
  findings: Findings,
): Promise<ArtifactCheck> {
  const files: FileVerification[] = [];
  const digests = new Map<string, string>();
  // Code-unit order, not localeCompare: deterministic, and ICU collation start-up costs more than a small run's checks.
  for (const artifact of [...manifest.artifacts].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const data = await readIfFile(fs, path.join(runDir, artifact.path));
    if (data === undefined) {
      findings.problem('ARTIFACT_MISSING', artifact.path, `${artifact.path} is listed in the manifest but missing`);
      files.push({ path: artifact.path, digest: 'missing', signature: key === undefined ? 'unchecked' : 'missing' });
      continue;
    }
    const digest = sha256Hex(data);
    digests.set(artifact.path, digest);
    const intact = digest === artifact.sha256 && data.length === artifact.size;
    if (!intact) findings.problem('ARTIFACT_MODIFIED', artifact.path, `${artifact.path} was modified: sha256 ${digest}, manifest records ${artifact.sha256}`);
    files.push({ path: artifact.path, digest: intact ? 'ok' : 'modified', signature: await checkSignature(fs, runDir, key, artifact.path, data, findings) });
  }
  digests.set(EVIDENCE_FILE.manifest, sha256Hex(manifestBytes));
  const image = await imageSubject(fs, runDir, manifest);
  if (image !== undefined) digests.set(image.path, image.sha256);
  files.push({ path: EVIDENCE_FILE.manifest, digest: 'ok', signature: await checkSignature(fs, runDir, key, EVIDENCE_FILE.manifest, manifestBytes, findings) });
  return { files, digests };
}

/** A run that built an image also names it (repository → manifest digest) as a provenance subject. */
async function imageSubject(fs: FileSystem, runDir: string, manifest: RunManifest): Promise<{ path: string; sha256: string } | undefined> {
  if (!manifest.artifacts.some((a) => a.path === EVIDENCE_FILE.image)) return undefined;
  const bytes = await readIfFile(fs, path.join(runDir, EVIDENCE_FILE.image));
  try {
    return imageSubjectOf(bytes, EVIDENCE_FILE.image);
  } catch {
    // An unreadable image.json is already reported (modified or missing); it then names no subject.
    return undefined;
  }
}

/** Files in the run folder that the manifest does not account for (and the caller's layout does not add). */
export async function checkUnlisted(
  fs: FileSystem,
  runDir: string,
  manifest: RunManifest,
  allowExtra: ((relativePath: string) => boolean) | undefined,
  findings: Findings,
): Promise<string[]> {
  const listed = new Set(manifest.artifacts.map((a) => a.path));
  const unexpected = (await listFiles(fs, runDir)).filter((f) => !isAccountedFor(f, listed) && !(allowExtra?.(f) ?? false));
  for (const f of unexpected) findings.problem('ARTIFACT_UNEXPECTED', f, `${f} is not listed in the manifest`);
  return unexpected;
}
