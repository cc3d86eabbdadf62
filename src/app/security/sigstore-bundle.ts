// The provenance again as a Sigstore bundle (v0.3, DSSE, public-key verification material), so
// Sigstore tooling can consume it. Built offline with @sigstore/sign's DSSEBundleBuilder and a
// custom signer and no witnesses (no Fulcio, no Rekor: the `sigstore` facade would go online),
// verified with @sigstore/verify with every transparency/timestamp threshold at 0.
import { createPublicKey } from 'node:crypto';
import type { Signer } from '../../core/security/ports.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../../core/security/dsse.js';
import { statementBytes, type Statement } from '../../core/security/provenance.js';
import { fingerprint } from '../../core/security/signature.js';

/** The bundle JSON (one line, newline-terminated) for the statement, signed by `signer`. */
export async function sigstoreBundle(statement: Statement, signer: Signer): Promise<string> {
  const { DSSEBundleBuilder } = await import('@sigstore/sign');
  const { bundleToJSON } = await import('@sigstore/bundle');
  const hint = fingerprint(signer.publicKeyPem);
  const builder = new DSSEBundleBuilder({
    signer: {
      sign: async (data) => ({
        signature: Buffer.from(await signer.sign(data)),
        key: { $case: 'publicKey', publicKey: signer.publicKeyPem, hint },
      }),
    },
    witnesses: [],
  });
  const bundle = await builder.create({ data: statementBytes(statement), type: IN_TOTO_PAYLOAD_TYPE });
  return `${JSON.stringify(bundleToJSON(bundle))}\n`;
}

/**
 * Verifies a bundle with `publicKeyPem`; returns its DSSE payload (base64) so the caller can check
 * it carries the same statement as provenance.intoto.jsonl. Throws with the reason otherwise.
 */
export async function verifySigstoreBundle(text: string, publicKeyPem: string): Promise<string> {
  const { bundleFromJSON } = await import('@sigstore/bundle');
  const { Verifier, toSignedEntity, toTrustMaterial } = await import('@sigstore/verify');
  const bundle = bundleFromJSON(JSON.parse(text) as unknown);
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('the bundle does not hold a DSSE envelope');
  const hint = fingerprint(publicKeyPem);
  const rawBytes = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const trust = toTrustMaterial(
    { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] },
    { [hint]: { rawBytes, keyDetails: 5 /* PKIX_ECDSA_P256_SHA_256 */, validFor: { start: new Date(0) } } },
  );
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
  return bundle.content.dsseEnvelope.payload.toString('base64');
}
