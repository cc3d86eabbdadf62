// DSSE v1 (github.com/secure-systems-lab/dsse): the signature covers the pre-authentication
// encoding of (payloadType, payload), never the raw JSON, so a payload cannot be re-interpreted
// under another type. Envelopes are attacker-controlled when verified: parse defensively.
import { VerificationError } from './errors.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface DsseSignature {
  readonly keyid: string;
  /** base64 of the DER ECDSA signature over PAE(payloadType, payload). */
  readonly sig: string;
}

export interface DsseEnvelope {
  /** base64 of the payload bytes. */
  readonly payload: string;
  readonly payloadType: string;
  readonly signatures: readonly DsseSignature[];
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in bytes as ASCII decimal. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, 'utf8'), type, Buffer.from(` ${payload.length} `, 'utf8'), payload]);
}

function invalid(message: string, source: string): never {
  throw new VerificationError('PROVENANCE_INVALID', message, {
    path: source,
    hint: 'the provenance file is damaged or was not written by specgate; re-run the pipeline to regenerate it',
  });
}

/** Parses one envelope (one JSONL line). */
export function parseEnvelope(text: string, source: string): DsseEnvelope {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    invalid(`${source} is not a JSON DSSE envelope`, source);
  }
  const env = raw as Partial<Record<keyof DsseEnvelope, unknown>> | null;
  if (typeof env !== 'object' || env === null) invalid(`${source} is not a JSON object`, source);
  if (typeof env.payload !== 'string' || typeof env.payloadType !== 'string' || !Array.isArray(env.signatures)) {
    invalid(`${source} lacks payload, payloadType or signatures`, source);
  }
  const signatures = env.signatures.map((s: unknown, i) => {
    const sig = s as { keyid?: unknown; sig?: unknown } | null;
    if (typeof sig !== 'object' || sig === null || typeof sig.sig !== 'string') invalid(`${source} signatures[${i}] has no sig`, source);
    return { keyid: typeof sig.keyid === 'string' ? sig.keyid : '', sig: sig.sig };
  });
  if (signatures.length === 0) invalid(`${source} carries no signature`, source);
  return { payload: env.payload, payloadType: env.payloadType, signatures };
}
