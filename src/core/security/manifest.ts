// Reads the artifact list of a run's manifest.json (written by the evidence store) defensively:
// an auditor runs `verify` on directories they did not produce, so every field is untrusted and
// every path must stay inside the run directory.
import { VerificationError } from './errors.js';
import { EVIDENCE_FILE } from '../evidence/vocabulary.js';
import { isRecord } from '../data.js';


export interface ManifestArtifact {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
}

export interface RunManifest {
  readonly artifacts: readonly ManifestArtifact[];
  /** Fingerprint of the signing key the manifest records, if any. */
  readonly keyFingerprint?: string;
  readonly raw: Record<string, unknown>;
}

/** A relative POSIX path with no `..`, no absolute root and no backslashes: safe to join to the run dir. */
export function isSafeRelativePath(p: string): boolean {
  if (p.length === 0 || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function fail(message: string, hint = 'the manifest is damaged or was not written by specgate; re-run the pipeline'): never {
  throw new VerificationError('MANIFEST_INVALID', message, { path: EVIDENCE_FILE.manifest, hint });
}

/** Parses manifest.json text; throws MANIFEST_INVALID naming the first bad entry. */
export function parseRunManifest(text: string): RunManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new VerificationError('MANIFEST_INVALID', `${EVIDENCE_FILE.manifest} is not valid JSON`, {
      path: EVIDENCE_FILE.manifest,
      cause: error,
      hint: 'the manifest is damaged; re-run the pipeline',
    });
  }
  if (!isRecord(raw)) fail(`${EVIDENCE_FILE.manifest} is not a JSON object`);
  if (!Array.isArray(raw.artifacts)) fail(`${EVIDENCE_FILE.manifest} has no "artifacts" list`);
  const seen = new Set<string>();
  const artifacts = raw.artifacts.map((entry: unknown, index): ManifestArtifact => {
    const where = `${EVIDENCE_FILE.manifest} artifacts[${index}]`;
    if (!isRecord(entry)) fail(`${where} is not an object`);
    const { path, sha256, size, mediaType } = entry;
    if (typeof path !== 'string' || !isSafeRelativePath(path)) fail(`${where}.path ${JSON.stringify(path)} is not a safe relative path`);
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256 is not 64 lowercase hex digits`);
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) fail(`${where}.size is not a non-negative integer`);
    if (seen.has(path)) fail(`${where}.path ${path} is listed twice`);
    seen.add(path);
    return { path, sha256, size, mediaType: typeof mediaType === 'string' ? mediaType : 'application/octet-stream' };
  });
  const signing = isRecord(raw.signing) ? raw.signing : {};
  const fp = [signing.publicKeyFingerprint, signing.keyFingerprint, signing.fingerprint, raw.keyFingerprint].find((v): v is string => typeof v === 'string');
  return { artifacts, raw, ...(fp === undefined ? {} : { keyFingerprint: fp }) };
}

/**
 * Files a signed run directory may hold besides its manifest entries: the manifest, a signature
 * per signed file, the public key copy, and the provenance (self-signed, so not in the manifest).
 */
export function isAccountedFor(file: string, artifacts: ReadonlySet<string>): boolean {
  if (artifacts.has(file) || file === EVIDENCE_FILE.manifest || file === EVIDENCE_FILE.publicKey) return true;
  if (file === EVIDENCE_FILE.provenance || file === EVIDENCE_FILE.sigstoreBundle) return true;
  if (file.endsWith('.sig')) {
    const signed = file.slice(0, -'.sig'.length);
    return artifacts.has(signed) || signed === EVIDENCE_FILE.manifest;
  }
  return false;
}
