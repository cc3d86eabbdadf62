// Checks the provenance's Sigstore bundle offline with the run's key, deciding exactly as
// @sigstore/verify does with an empty trust root and every threshold at 0 (sigstore-bundle.ts) —
// without loading sigstore-js's ~30 modules on every `specgate verify`. The bundle is
// attacker-controlled: parse defensively. sigstore-check.test.ts holds both verdicts equal.
import type { KeyObject } from 'node:crypto';
import { isRecord } from '../data.js';
import { preAuthEncoding } from './dsse.js';
import { verifySignature } from './signature.js';

/** The media types sigstore-js's bundle validation accepts (v0.1 style and v0.2+ style). */
const MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.bundle(\+json;version=\d\.\d|\.v\d\.\d\+json)/;

const set = (value: unknown): boolean => value !== undefined && value !== null;
const nonEmpty = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

/** The signing key named by the bundle must be ours; no CA, log or timestamp authority is trusted. */
function checkMaterial(material: unknown, hint: string): void {
  if (!isRecord(material)) throw new Error('invalid bundle: verificationMaterial');
  const publicKey = material.publicKey;
  if (!set(publicKey)) throw new Error(set(material.x509CertificateChain) || set(material.certificate) ? 'no trusted certificate authority' : 'invalid bundle: verificationMaterial.content');
  if (!isRecord(publicKey) || publicKey.hint !== hint) throw new Error('key not found for the bundle’s hint');
  if (nonEmpty(material.tlogEntries)) throw new Error('no trusted transparency log for the bundle’s tlog entries');
  const timestamps = material.timestampVerificationData;
  if (isRecord(timestamps) && nonEmpty(timestamps.rfc3161Timestamps)) throw new Error('no trusted timestamp authority');
}

/** The envelope's one signature over PAE(payloadType, payload); returns the payload bytes. */
function checkEnvelope(envelope: unknown, key: KeyObject): Buffer {
  if (!isRecord(envelope)) throw new Error('the bundle does not hold a DSSE envelope');
  const payload = Buffer.from(typeof envelope.payload === 'string' ? envelope.payload : '', 'base64');
  if (payload.length === 0) throw new Error('invalid bundle: content.dsseEnvelope.payload');
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  const first: unknown = signatures[0];
  if (signatures.length !== 1 || !isRecord(first)) throw new Error('invalid bundle: content.dsseEnvelope.signatures');
  const sig = Buffer.from(typeof first.sig === 'string' ? first.sig : '', 'base64');
  if (sig.length === 0) throw new Error('invalid bundle: content.dsseEnvelope.signatures[0].sig');
  const payloadType = typeof envelope.payloadType === 'string' ? envelope.payloadType : '';
  if (!verifySignature(key, preAuthEncoding(payloadType, payload), sig)) throw new Error('signature verification failed');
  return payload;
}

/**
 * Verifies a bundle signed by `key` (whose fingerprint is `hint`) and returns its DSSE payload as
 * base64, for the caller to compare with provenance.intoto.jsonl. Throws with the reason otherwise.
 */
export function checkSigstoreDsseBundle(text: string, key: KeyObject, hint: string): string {
  const bundle: unknown = JSON.parse(text);
  if (!isRecord(bundle)) throw new Error('the bundle is not a JSON object');
  if (typeof bundle.mediaType !== 'string' || !MEDIA_TYPE.test(bundle.mediaType)) throw new Error('invalid bundle: mediaType');
  // sigstore-js reads messageSignature first: a bundle holding one is not a DSSE bundle.
  if (set(bundle.messageSignature)) throw new Error('the bundle does not hold a DSSE envelope');
  checkMaterial(bundle.verificationMaterial, hint);
  return checkEnvelope(bundle.dsseEnvelope, key).toString('base64');
}
