// Signing and verifying in-toto statements inside DSSE envelopes (one envelope per JSONL line).
import type { KeyObject } from 'node:crypto';
import type { Signer } from './ports.js';
import { IN_TOTO_PAYLOAD_TYPE, parseEnvelope, preAuthEncoding, type DsseEnvelope } from './dsse.js';
import { decodeSignature, fingerprint, verifySignature } from './signature.js';
import { STATEMENT_TYPE, statementBytes, type ResourceDescriptor, type Statement } from './provenance.js';
import { VerificationError } from './errors.js';

/** Wraps the statement in a DSSE envelope signed over PAE; keyid is the key's fingerprint. */
export async function signStatement(statement: Statement, signer: Signer): Promise<DsseEnvelope> {
  const payload = statementBytes(statement);
  const sig = await signer.sign(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload));
  return {
    payload: payload.toString('base64'),
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    signatures: [{ keyid: fingerprint(signer.publicKeyPem), sig: Buffer.from(sig).toString('base64') }],
  };
}

export interface VerifiedStatement {
  readonly _type: string;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: string;
  readonly predicate: unknown;
}

function invalid(message: string, source: string): never {
  throw new VerificationError('PROVENANCE_INVALID', message, {
    path: source,
    hint: 'the provenance does not match this run or this key; do not trust the run until it is explained',
  });
}

/** Verifies the envelope's signature with `publicKey` and returns the statement it carries. */
export function verifyStatementEnvelope(text: string, publicKey: KeyObject | string, source: string): VerifiedStatement {
  const envelope = parseEnvelope(text, source);
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) invalid(`${source} has payloadType ${envelope.payloadType}, expected ${IN_TOTO_PAYLOAD_TYPE}`, source);
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const valid = envelope.signatures.some((s) => verifySignature(publicKey, pae, decodeSignature(s.sig, source)));
  if (!valid) invalid(`${source}: no DSSE signature verifies with the given key`, source);
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    invalid(`${source}: the signed payload is not JSON`, source);
  }
  const s = statement as Partial<VerifiedStatement> | null;
  if (typeof s !== 'object' || s === null || s._type !== STATEMENT_TYPE || !Array.isArray(s.subject) || typeof s.predicateType !== 'string') {
    invalid(`${source}: the payload is not an in-toto Statement v1`, source);
  }
  for (const [i, subject] of s.subject.entries()) {
    const d = subject as Partial<ResourceDescriptor> | null;
    if (typeof d?.name !== 'string' || typeof d.digest?.sha256 !== 'string') invalid(`${source}: subject[${i}] lacks name or sha256`, source);
  }
  return s as VerifiedStatement;
}
