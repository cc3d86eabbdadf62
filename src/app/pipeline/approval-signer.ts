// Signed approvals: the approver's key signs the canonical approval payload binding run id,
// feature SHA, the approval request's digest, mode, name and time (src/core/security/approval).
// Two formats: specgate's P-256 keys (a DSSE envelope, `specgate approve --key`) and SSH keys
// (`ssh-keygen -Y sign -n specgate-approval`, `specgate approve --ssh-key`) checked against an
// allowed_signers file. Only approvers listed in specgate.yaml count, never the run's own key.
// The keys and ssh-keygen come in as the ApprovalKeys port (ports.ts).
import * as path from 'node:path';
import { approvalPayload, parseSignedApproval, payloadBytes, readPayload, signApproval, verifyApproval, type ApprovalPayload } from '../../core/security/approval.js';
import { sameIdentity } from '../../core/security/identity.js';
import type { Project } from '../project.js';
import { ApprovalError } from '../../core/security/errors.js';
import type { ApprovalContext, ApprovalSigner } from './approve.js';
import type { Approval } from './evidence-port.js';
import type { ApprovalCheckPort } from '../report/approvals.js';
import type { ApprovalChecking, ApprovalKeys } from './ports.js';

/** An approver from specgate.yaml with its key material resolved. */
export type Approver = { readonly name: string; readonly publicKeyPem: string } | { readonly name: string; readonly allowedSigners: string };

/** The `signature` of an SSH-signed approval, as stored in the manifest (JSON text). */
interface SshSignedApproval {
  readonly format: 'sshsig';
  /** base64 of the exact payload bytes that were signed. */
  readonly payload: string;
  /** The armored `-----BEGIN SSH SIGNATURE-----` block ssh-keygen wrote. */
  readonly signature: string;
}

export async function listedApprovers(keys: Pick<ApprovalKeys, 'fs'>, project: Pick<Project, 'root' | 'config'>): Promise<Approver[]> {
  const { fs } = keys;
  return Promise.all(
    project.config.approvers.map(async (a): Promise<Approver> =>
      a.allowedSigners !== undefined
        ? { name: a.name, allowedSigners: path.resolve(project.root, a.allowedSigners) }
        : { name: a.name, publicKeyPem: await fs.readText(path.resolve(project.root, a.publicKey ?? '')) },
    ),
  );
}

function payloadFor(input: Parameters<ApprovalSigner['sign']>[0]): ApprovalPayload {
  return approvalPayload({
    runId: input.runId,
    featureSha: input.featureSha,
    requestDigest: input.requestDigest,
    mode: input.mode === 'compliance' ? 'compliance' : 'sandbox',
    approver: input.approver,
    approvedAt: new Date(input.at),
  });
}

/** `specgate approve --key`: a P-256 PEM private key. */
export async function approvalSigner(keys: ApprovalKeys, project: Project, keyPath: string, env: Readonly<Record<string, string | undefined>>): Promise<ApprovalSigner> {
  const signer = await keys.loadKey(project, keyPath, env);
  if (signer === undefined) throw new Error(`no key loaded from ${keyPath}`);
  const approvers = await listedApprovers(keys, project);
  return {
    async sign(input) {
      const signed = await signApproval(payloadFor(input), signer);
      return { signature: JSON.stringify(signed), keyFingerprint: signed.envelope.signatures[0]?.keyid ?? '' };
    },
    verify: (approval, context) => verifySignedApproval(keys, approvers, approval, context),
  };
}

/** `specgate approve --ssh-key`: an SSH private key, signed by ssh-keygen itself. */
export async function sshApprovalSigner(keys: ApprovalKeys, project: Project, keyPath: string): Promise<ApprovalSigner> {
  const approvers = await listedApprovers(keys, project);
  return {
    async sign(input) {
      const bytes = payloadBytes(payloadFor(input));
      const signature = await keys.sshSign(keyPath, bytes);
      const stored: SshSignedApproval = { format: 'sshsig', payload: bytes.toString('base64'), signature };
      return { signature: JSON.stringify(stored), keyFingerprint: '' };
    },
    verify: (approval, context) => verifySignedApproval(keys, approvers, approval, context),
  };
}

function parseSsh(text: string): SshSignedApproval | undefined {
  try {
    const v = JSON.parse(text) as Partial<SshSignedApproval> | null;
    return v?.format === 'sshsig' && typeof v.payload === 'string' && typeof v.signature === 'string' ? (v as SshSignedApproval) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks an SSH-signed approval with `ssh-keygen -Y verify`; returns the signing key's fingerprint. */
async function verifySsh(keys: ApprovalChecking, approvers: readonly Approver[], signed: SshSignedApproval, context: ApprovalContext & { readonly requestDigest: string }): Promise<string> {
  const bytes = Buffer.from(signed.payload, 'base64');
  const payload = readPayload(bytes);
  const listed = approvers.find((a): a is Extract<Approver, { allowedSigners: string }> => 'allowedSigners' in a && sameIdentity(a.name, payload.approver));
  if (listed === undefined) {
    throw new ApprovalError('APPROVAL_UNLISTED', `the approval names "${payload.approver}", who is not listed under approvers: with an allowedSigners file`, {
      hint: 'add the approver (name = the principal in allowed_signers) under approvers: in specgate.yaml',
    });
  }
  const result = await keys.sshVerify(listed.allowedSigners, listed.name, bytes, signed.signature);
  if (!result.ok) {
    throw new ApprovalError('APPROVAL_FORGED', `ssh-keygen does not accept the approval's signature for ${listed.name}: ${result.detail}`, {
      hint: `the signature must be made with ${listed.name}'s key listed in ${path.basename(listed.allowedSigners)} and namespace specgate-approval`,
    });
  }
  const mismatches = (
    [
      ['run id', payload.runId, context.runId],
      ['feature SHA', payload.featureSha, context.featureSha],
      ['approval request digest', payload.requestDigest, context.requestDigest],
      ['mode', payload.mode, context.mode],
    ] as const
  ).filter(([, got, want]) => got !== want);
  if (mismatches.length > 0) {
    throw new ApprovalError('APPROVAL_REPLAYED', `the approval is for another run or another state of it: ${mismatches.map(([f, got, want]) => `${f} ${got} (this run: ${want})`).join(', ')}`, {
      hint: 'an approval covers exactly one run and its approval request; approve this run with `specgate approve`',
    });
  }
  return result.keyFingerprint ?? '';
}

/**
 * Throws unless `approval` is signed by a listed approver whose name is the approval's `by`, for
 * this run's approval request. Returns the signing key's fingerprint.
 */
export async function verifySignedApproval(keys: ApprovalChecking, approvers: readonly Approver[], approval: Approval, context: ApprovalContext): Promise<string> {
  if (approval.signature === undefined) {
    throw new ApprovalError('APPROVAL_UNSIGNED', `the approval by ${approval.by} is not signed`, {
      hint: 'compliance approvals are signed: `specgate approve RUN --by NAME --key YOUR_P256_KEY` or `--ssh-key ~/.ssh/id_ed25519`',
    });
  }
  const ssh = parseSsh(approval.signature);
  const expected = { ...context, requestDigest: approval.requestDigest };
  const { approver, fingerprint } =
    ssh !== undefined
      ? { approver: readPayload(Buffer.from(ssh.payload, 'base64')).approver, fingerprint: await verifySsh(keys, approvers, ssh, expected) }
      : (() => {
          const v = verifyApproval(parseSignedApproval(approval.signature ?? ''), {
            runId: context.runId,
            featureSha: context.featureSha,
            requestDigest: approval.requestDigest,
            approvers: approvers.filter((a): a is Extract<Approver, { publicKeyPem: string }> => 'publicKeyPem' in a),
            mode: context.mode === 'compliance' ? 'compliance' : 'sandbox',
            ...(context.initiatorFingerprint === undefined ? {} : { initiatorFingerprint: context.initiatorFingerprint }),
          });
          return { approver: v.approver, fingerprint: v.keyFingerprint };
        })();
  if (!sameIdentity(approver, approval.by)) {
    throw new ApprovalError('APPROVAL_FORGED', `the approval is recorded as by "${approval.by}" but signed as "${approver}"`, { hint: 'approve with your own name and key' });
  }
  return fingerprint;
}

/** What the report and the dashboard check recorded approvals with: this project's listed approvers. */
export async function approvalCheckPort(keys: ApprovalChecking, project: Pick<Project, 'root' | 'config'>): Promise<ApprovalCheckPort> {
  const approvers = await listedApprovers(keys, project);
  return { listed: approvers.length, verify: (approval, context) => verifySignedApproval(keys, approvers, approval, context) };
}
