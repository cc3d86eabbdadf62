import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approvalPayload, parseSignedApproval, signApproval, verifyApproval, type ApprovalExpectation, type SignedApproval } from './approval.js';
import type { Signer } from './ports.js';
import { fingerprint } from './signature.js';

function signer(): Signer & { pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, pem: privateKey, sign: (d) => Promise.resolve(sign('sha256', d, { key: privateKey, dsaEncoding: 'der' })) };
}

const alice = signer();
const bob = signer();
const mallory = signer();
const run = { runId: '20250924140440', featureSha: '005cc0262265', requestDigest: 'ab'.repeat(32) };
const expected: ApprovalExpectation = {
  ...run,
  approvers: [
    { name: 'alice', publicKeyPem: alice.publicKeyPem },
    { name: 'bob', publicKeyPem: bob.publicKeyPem },
  ],
  initiatorFingerprint: fingerprint(bob.publicKeyPem),
  mode: 'compliance',
};
const at = new Date('2025-09-24T15:00:00.000Z');

async function approve(by: Signer, name: string, overrides: Partial<typeof run> = {}): Promise<SignedApproval> {
  return signApproval(approvalPayload({ ...run, ...overrides, mode: 'compliance', approver: name, approvedAt: at }), by);
}

describe('approvals', () => {
  it('accepts a listed approver who did not initiate the run, and survives a file round trip', async () => {
    const approval = parseSignedApproval(JSON.stringify(await approve(alice, 'alice')));
    expect(verifyApproval(approval, expected)).toMatchObject({ approver: 'alice', keyFingerprint: fingerprint(alice.publicKeyPem), approvedAt: '2025-09-24T15:00:00Z' });
  });

  it('rejects an approval by the run’s initiator', async () => {
    const byInitiator = await approve(bob, 'bob');
    expect(() => verifyApproval(byInitiator, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_BY_INITIATOR', exitCode: 3 }));
  });

  it('rejects an unlisted key even when its signature is valid', async () => {
    const unlisted = await approve(mallory, 'alice');
    expect(() => verifyApproval(unlisted, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_UNLISTED' }));
  });

  it('rejects a forged approval: payload edited after signing, or key swapped', async () => {
    const real = await approve(alice, 'alice');
    const payload = JSON.parse(Buffer.from(real.envelope.payload, 'base64').toString('utf8'));
    payload.runId = '20250101000000';
    const edited = { ...real, envelope: { ...real.envelope, payload: Buffer.from(JSON.stringify(payload)).toString('base64') } };
    expect(() => verifyApproval(edited, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_FORGED' }));
    // Mallory signs, then claims Alice's public key: the signature no longer verifies.
    const swapped = { ...(await approve(mallory, 'alice')), publicKey: alice.publicKeyPem };
    expect(() => verifyApproval(swapped, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_FORGED' }));
    // Alice's key, but the payload names bob.
    const misnamed = await approve(alice, 'bob');
    expect(() => verifyApproval(misnamed, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_FORGED' }));
  });

  it('rejects an approval replayed from another run or another manifest', async () => {
    for (const other of [{ runId: '20250924150000' }, { featureSha: '111111111111' }, { requestDigest: 'cd'.repeat(32) }]) {
      const approval = await approve(alice, 'alice', other);
      expect(() => verifyApproval(approval, expected)).toThrow(expect.objectContaining({ code: 'APPROVAL_REPLAYED' }));
    }
  });

  it('rejects malformed files with a typed error', () => {
    expect(() => parseSignedApproval('nope')).toThrow(expect.objectContaining({ code: 'APPROVAL_MALFORMED' }));
    expect(() => parseSignedApproval('{"envelope":{},"publicKey":"x"}')).toThrow(expect.objectContaining({ code: 'APPROVAL_MALFORMED' }));
  });
});
