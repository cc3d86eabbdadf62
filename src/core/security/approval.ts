// Signed approvals (docs/contracts.md §6: compliance deploys need approval by someone other than the run's
// initiator). An approval is a DSSE envelope over a canonical JSON payload binding the approver to
// one run — run id, feature SHA, approval request digest, mode — so it cannot be replayed onto another.
// v2 renamed v1's `manifestDigest` to `requestDigest` (it always was the sha256 of
// approval-request.json); v1 payloads are still read, with the old field mapped.
// Approval files are attacker-controlled input: every check runs, in an order that gives the most
// specific reason.
import canonicalize from 'canonicalize';
import type { Mode } from '../config/schema.js';
import type { Signer } from './ports.js';
import { parseEnvelope, preAuthEncoding, type DsseEnvelope } from './dsse.js';
import { decodeSignature, fingerprint, parsePublicKey, verifySignature } from './signature.js';
import { ApprovalError, KeyError, VerificationError } from './errors.js';
import { sameIdentity } from './identity.js';

export const APPROVAL_TYPE = 'https://specgate.dev/approval/v2';
/** The v1 type: same fields, the request digest named `manifestDigest`. Read, never written. */
export const APPROVAL_TYPE_V1 = 'https://specgate.dev/approval/v1';
export const APPROVAL_PAYLOAD_TYPE = 'application/vnd.specgate.approval+json';

export interface ApprovalPayload {
  readonly _type: typeof APPROVAL_TYPE;
  readonly runId: string;
  readonly featureSha: string;
  /** sha256 hex of the run's approval-request.json: exactly what was approved. */
  readonly requestDigest: string;
  readonly mode: Mode;
  /** The approver's name as listed under `approvers:` in specgate.yaml. */
  readonly approver: string;
  /** ISO 8601 UTC. */
  readonly approvedAt: string;
}

/** What an approval file holds: the signed envelope and the public key that claims to have signed it. */
export interface SignedApproval {
  readonly envelope: DsseEnvelope;
  readonly publicKey: string;
}

export interface ListedApprover {
  readonly name: string;
  readonly publicKeyPem: string;
}

export interface ApprovalExpectation {
  readonly runId: string;
  readonly featureSha: string;
  readonly requestDigest: string;
  readonly approvers: readonly ListedApprover[];
  /** Fingerprint of the key that initiated (signed) the run: it may never approve it. */
  readonly initiatorFingerprint?: string;
  readonly mode?: Mode;
}

export interface VerifiedApproval {
  readonly approver: string;
  readonly keyFingerprint: string;
  readonly approvedAt: string;
  readonly payload: ApprovalPayload;
}

export function approvalPayload(fields: {
  readonly runId: string;
  readonly featureSha: string;
  readonly requestDigest: string;
  readonly mode: Mode;
  readonly approver: string;
  readonly approvedAt: Date;
}): ApprovalPayload {
  return {
    _type: APPROVAL_TYPE,
    runId: fields.runId,
    featureSha: fields.featureSha,
    requestDigest: fields.requestDigest,
    mode: fields.mode,
    approver: fields.approver,
    approvedAt: fields.approvedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** The exact bytes an approver signs (RFC 8785 canonical JSON): also what `ssh-keygen -Y sign` signs. */
export function payloadBytes(payload: ApprovalPayload): Buffer {
  return Buffer.from(canonicalize(payload) ?? '', 'utf8');
}

export async function signApproval(payload: ApprovalPayload, signer: Signer): Promise<SignedApproval> {
  const bytes = payloadBytes(payload);
  const sig = await signer.sign(preAuthEncoding(APPROVAL_PAYLOAD_TYPE, bytes));
  return {
    envelope: {
      payload: bytes.toString('base64'),
      payloadType: APPROVAL_PAYLOAD_TYPE,
      signatures: [{ keyid: fingerprint(signer.publicKeyPem), sig: Buffer.from(sig).toString('base64') }],
    },
    publicKey: signer.publicKeyPem,
  };
}

const malformed = (message: string): ApprovalError =>
  new ApprovalError('APPROVAL_MALFORMED', message, { hint: 'the approval file is damaged; ask the approver to run `specgate approve` again' });

export function readPayload(bytes: Buffer): ApprovalPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw malformed('the approval payload is not JSON');
  }
  const r = raw as (Partial<Record<keyof ApprovalPayload | 'manifestDigest', unknown>> & { _type?: unknown }) | null;
  if (typeof r !== 'object' || r === null) throw malformed(`the approval payload is not a ${APPROVAL_TYPE} document`);
  const p = r._type === APPROVAL_TYPE_V1 ? { ...r, _type: APPROVAL_TYPE, requestDigest: r.manifestDigest } : r;
  const fields = ['runId', 'featureSha', 'requestDigest', 'mode', 'approver', 'approvedAt'] as const;
  if (p._type !== APPROVAL_TYPE || fields.some((f) => typeof p[f] !== 'string')) {
    throw malformed(`the approval payload is not a ${APPROVAL_TYPE} document`);
  }
  return { _type: APPROVAL_TYPE, ...Object.fromEntries(fields.map((f) => [f, p[f]])) } as unknown as ApprovalPayload;
}

/** Parses an approval file's text (`{envelope, publicKey}` JSON). */
export function parseSignedApproval(text: string): SignedApproval {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformed('the approval file is not JSON');
  }
  const a = raw as { envelope?: unknown; publicKey?: unknown } | null;
  if (typeof a !== 'object' || a === null || typeof a.publicKey !== 'string' || a.envelope === undefined) {
    throw malformed('the approval file lacks an envelope or a publicKey');
  }
  try {
    return { envelope: parseEnvelope(JSON.stringify(a.envelope), 'approval'), publicKey: a.publicKey };
  } catch (error) {
    if (error instanceof VerificationError) throw malformed(error.message);
    throw error;
  }
}

/** Accepts the approval or throws an ApprovalError whose code says exactly why not. */
export function verifyApproval(approval: SignedApproval, expected: ApprovalExpectation): VerifiedApproval {
  if (approval.envelope.payloadType !== APPROVAL_PAYLOAD_TYPE) throw malformed(`payloadType is ${approval.envelope.payloadType}, expected ${APPROVAL_PAYLOAD_TYPE}`);
  let keyFingerprint: string;
  try {
    keyFingerprint = fingerprint(approval.publicKey);
  } catch (error) {
    if (error instanceof KeyError) throw malformed(`the approval's public key is unusable: ${error.message}`);
    throw error;
  }
  const bytes = Buffer.from(approval.envelope.payload, 'base64');
  const pae = preAuthEncoding(approval.envelope.payloadType, bytes);
  const key = parsePublicKey(approval.publicKey, 'approval public key');
  const signed = approval.envelope.signatures.some((s) => {
    try {
      return verifySignature(key, pae, decodeSignature(s.sig, 'approval'));
    } catch {
      return false;
    }
  });
  if (!signed) {
    throw new ApprovalError('APPROVAL_FORGED', 'the approval’s signature does not verify: it was altered or forged', {
      hint: 'discard it and ask a listed approver to run `specgate approve` again',
    });
  }
  const payload = readPayload(bytes);
  const listed = expected.approvers.find((a) => fingerprint(a.publicKeyPem) === keyFingerprint);
  if (listed === undefined) {
    throw new ApprovalError('APPROVAL_UNLISTED', `the approval was signed by key ${keyFingerprint}, which is not listed under approvers: in specgate.yaml`, {
      hint: 'only keys listed under approvers: count; add the approver’s public key there (reviewed like any code change)',
    });
  }
  if (!sameIdentity(payload.approver, listed.name)) {
    throw new ApprovalError('APPROVAL_FORGED', `the approval names "${payload.approver}" but was signed with the key of "${listed.name}"`, {
      hint: 'an approval must carry its signer’s listed name; ask the approver to run `specgate approve` again',
    });
  }
  if (expected.initiatorFingerprint !== undefined && keyFingerprint === expected.initiatorFingerprint) {
    throw new ApprovalError('APPROVAL_BY_INITIATOR', `${listed.name} initiated this run and cannot approve it`, {
      hint: 'compliance needs approval by someone other than the run’s initiator (four-eyes principle)',
    });
  }
  const mismatches = (
    [
      ['run id', payload.runId, expected.runId],
      ['feature SHA', payload.featureSha, expected.featureSha],
      ['approval request digest', payload.requestDigest, expected.requestDigest],
      ...(expected.mode === undefined ? [] : [['mode', payload.mode, expected.mode] as const]),
    ] as const
  ).filter(([, got, want]) => got !== want);
  if (mismatches.length > 0) {
    const what = mismatches.map(([field, got, want]) => `${field} ${got} (this run: ${want})`).join(', ');
    throw new ApprovalError('APPROVAL_REPLAYED', `the approval is for another run or another state of it: ${what}`, {
      hint: 'an approval covers exactly one run and its manifest; approve this run with `specgate approve`',
    });
  }
  return { approver: listed.name, keyFingerprint, approvedAt: payload.approvedAt, payload };
}
