// Our offline bundle check must decide as @sigstore/verify does (the reference, loaded only here):
// the same bundle, tampered one field at a time, is accepted or rejected by both alike.
import { describe, expect, it } from 'vitest';
import { generateKeyPair, signerFromPem } from '../../adapters/security/node-signer.js';
import { sigstoreBundle, verifySigstoreBundle } from '../../app/security/sigstore-bundle.js';
import { buildProvenance } from './provenance.js';
import { fingerprint, parsePublicKey } from './signature.js';
import { checkSigstoreDsseBundle } from './sigstore-check.js';

const keys = generateKeyPair();
const other = generateKeyPair();
const signer = signerFromPem(keys.privateKeyPem, { source: 'test', passphraseEnv: 'X' });
const statement = buildProvenance({
  runId: '20250924140440', featureSha: '005cc0262265', mode: 'compliance', project: 'payments', initiator: 'ci', toolVersion: '0.1.0',
  startedAt: '2025-09-24T14:04:40Z', finishedAt: '2025-09-24T14:06:00Z', specFiles: [], stages: [], approvals: [],
  artifacts: [{ path: 'manifest.json', sha256: 'a'.repeat(64) }],
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tamperings reach into untyped JSON
type Bundle = Record<string, any>;
/** What is changed, how, and whether a verifier must still accept it. */
const TAMPERINGS: [string, (b: Bundle) => void, boolean][] = [
  ['untouched', () => undefined, true],
  ['payload replaced', (b) => { b.dsseEnvelope.payload = Buffer.from('{"_type":"forged"}').toString('base64'); }, false],
  ['payload empty', (b) => { b.dsseEnvelope.payload = ''; }, false],
  ['payloadType changed', (b) => { b.dsseEnvelope.payloadType = 'application/json'; }, false],
  ['signature flipped', (b) => { const s = Buffer.from(b.dsseEnvelope.signatures[0].sig, 'base64'); s[s.length - 1]! ^= 1; b.dsseEnvelope.signatures[0].sig = s.toString('base64'); }, false],
  ['signature missing', (b) => { b.dsseEnvelope.signatures = []; }, false],
  ['two signatures', (b) => { b.dsseEnvelope.signatures.push(b.dsseEnvelope.signatures[0]); }, false],
  ['keyid changed (not part of the check)', (b) => { b.dsseEnvelope.signatures[0].keyid = 'x'; }, true],
  ['hint of another key', (b) => { b.verificationMaterial.publicKey.hint = fingerprint(other.publicKeyPem); }, false],
  ['no verification material', (b) => { delete b.verificationMaterial; }, false],
  ['certificate instead of key', (b) => { b.verificationMaterial = { certificate: { rawBytes: 'AAAA' } }; }, false],
  ['a tlog entry', (b) => { b.verificationMaterial.tlogEntries = [{ logIndex: '1', logId: { keyId: 'AAAA' }, kindVersion: { kind: 'dsse', version: '0.0.1' }, integratedTime: '1', canonicalizedBody: 'AAAA' }]; }, false],
  ['an RFC 3161 timestamp', (b) => { b.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [{ signedTimestamp: 'AAAA' }] }; }, false],
  ['media type v0.2', (b) => { b.mediaType = 'application/vnd.dev.sigstore.bundle.v0.2+json'; }, true],
  ['media type unknown', (b) => { b.mediaType = 'application/json'; }, false],
  ['no DSSE envelope', (b) => { delete b.dsseEnvelope; }, false],
  ['a message signature instead', (b) => { b.messageSignature = { messageDigest: { algorithm: 'SHA2_256', digest: 'AAAA' }, signature: 'AAAA' }; }, false],
];

describe('checkSigstoreDsseBundle', () => {
  it.each(TAMPERINGS)('decides like @sigstore/verify: %s', async (_name, tamper, accepted) => {
    const bundle = JSON.parse(await sigstoreBundle(statement, signer)) as Bundle;
    tamper(bundle);
    const text = JSON.stringify(bundle);
    const reference = await verifySigstoreBundle(text, keys.publicKeyPem).then((payload) => ({ payload }), () => 'rejected');
    const ours = (() => {
      try {
        return { payload: checkSigstoreDsseBundle(text, parsePublicKey(keys.publicKeyPem), fingerprint(keys.publicKeyPem)) };
      } catch {
        return 'rejected';
      }
    })();
    expect(ours).toEqual(reference);
    expect(reference === 'rejected').toBe(!accepted);
  });

  it('rejects a bundle that verifies only under another key', async () => {
    const text = await sigstoreBundle(statement, signer);
    expect(() => checkSigstoreDsseBundle(text, parsePublicKey(other.publicKeyPem), fingerprint(keys.publicKeyPem))).toThrow('signature verification failed');
    expect(() => checkSigstoreDsseBundle('[1]', parsePublicKey(keys.publicKeyPem), fingerprint(keys.publicKeyPem))).toThrow('not a JSON object');
  });
});
