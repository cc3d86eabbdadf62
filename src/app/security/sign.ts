// Signs evidence: single files (`specgate sign`) and whole run directories (the pipeline runner),
// writing `FILE.sig` beside each file in cosign's format.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import { encodeSignature, fingerprint, SIGNATURE_SUFFIX } from '../../core/security/signature.js';
import { parseRunManifest } from '../../core/security/manifest.js';
import { VerificationError } from '../../core/security/errors.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

/** Signs one file's exact bytes and writes `<file>.sig` atomically; returns the signature path. */
export async function signFile(file: string, signer: Signer, fs: FileSystem): Promise<string> {
  const data = await fs.readFile(file);
  const signature = encodeSignature(await signer.sign(data));
  const target = `${file}${SIGNATURE_SUFFIX}`;
  await fs.writeAtomic(target, signature);
  return target;
}

export interface SignedRun {
  /** Files signed, relative to the run directory, sorted; `manifest.json` last. */
  readonly signed: readonly string[];
  /** sha256 of the DER SPKI of the key that signed: the value the manifest records. */
  readonly fingerprint: string;
}

/**
 * Signs every artifact the run's manifest lists, then the manifest itself, and copies the public
 * key to `signing.pub` so `specgate verify RUN_DIR` works without arguments. Call it after the
 * manifest is final (and after writeSignedProvenance): a later change would break the signatures.
 */
export async function signRunDirectory(runDir: string, signer: Signer, fs: FileSystem): Promise<SignedRun> {
  const manifestPath = path.join(runDir, EVIDENCE_FILE.manifest);
  let text: string;
  try {
    text = await fs.readText(manifestPath);
  } catch (error) {
    throw new VerificationError('MANIFEST_MISSING', `cannot sign ${runDir}: it has no readable ${EVIDENCE_FILE.manifest}`, {
      path: manifestPath,
      cause: error,
      hint: 'sign a run directory only after the runner has written its manifest',
    });
  }
  const manifest = parseRunManifest(text);
  const files = [...manifest.artifacts.map((a) => a.path)].sort();
  // Compute every signature before writing any, so a missing artifact leaves no half-signed run.
  const signatures: [string, string][] = [];
  for (const rel of [...files, EVIDENCE_FILE.manifest]) {
    const data = await fs.readFile(path.join(runDir, rel));
    signatures.push([rel, encodeSignature(await signer.sign(data))]);
  }
  for (const [rel, sig] of signatures) await fs.writeAtomic(path.join(runDir, `${rel}${SIGNATURE_SUFFIX}`), sig);
  await fs.writeAtomic(path.join(runDir, EVIDENCE_FILE.publicKey), signer.publicKeyPem);
  return { signed: [...files, EVIDENCE_FILE.manifest], fingerprint: fingerprint(signer.publicKeyPem) };
}
