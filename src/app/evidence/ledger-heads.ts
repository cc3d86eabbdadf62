// Signed ledger heads: when a run is sealed, `audit/heads/<run-id>-<feature-sha>.json` records the
// ledger line and chain its manifest anchors, signed with the run's key. Heads live beside the
// ledger, not in the run folder, so archiving or deleting a run does not take its anchor with it.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import { encodeSignature, fingerprint, SIGNATURE_SUFFIX } from '../../core/security/signature.js';
import { HEAD_SCHEMA_VERSION, HEADS_DIR, headFileName, serializeHead, type LedgerHead } from '../../core/evidence/anchors.js';
import type { Manifest } from '../../core/evidence/manifest.js';
import { AUDIT_DIR } from '../../core/evidence/vocabulary.js';

export function headsDir(reportsDir: string): string {
  return path.join(reportsDir, AUDIT_DIR, HEADS_DIR);
}

/**
 * Writes and signs the head of a sealed run. Returns undefined (and writes nothing) for a manifest
 * without a sealed anchor. The signature is written first: a head without its `.sig` never appears.
 */
export async function writeSignedHead(reportsDir: string, manifest: Manifest, signer: Signer, fs: FileSystem): Promise<LedgerHead | undefined> {
  const sealed = manifest.ledger?.sealed;
  if (sealed === undefined) return undefined;
  const head: LedgerHead = {
    schemaVersion: HEAD_SCHEMA_VERSION,
    runId: manifest.runId,
    featureSha: manifest.featureSha,
    line: sealed.line,
    chain: sealed.chain,
    sealedAt: manifest.endedAt ?? manifest.startedAt,
    publicKeyFingerprint: fingerprint(signer.publicKeyPem),
  };
  const text = serializeHead(head);
  const file = path.join(headsDir(reportsDir), headFileName(head.runId, head.featureSha));
  await fs.mkdirp(path.dirname(file));
  await fs.writeAtomic(`${file}${SIGNATURE_SUFFIX}`, encodeSignature(await signer.sign(Buffer.from(text, 'utf8'))));
  await fs.writeAtomic(file, text);
  return head;
}
