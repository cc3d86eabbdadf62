// Signed approvals for `specgate approve --key`: the approver's key signs a DSSE envelope binding
// run id, feature SHA, the approval request's digest, mode, name and time (src/core/security/approval).
// Only keys listed under `approvers:` count, and never the key that signs the run itself.
import * as path from 'node:path';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { loadSigner } from '../../adapters/security/node-signer.js';
import { approvalPayload, parseSignedApproval, signApproval, verifyApproval } from '../../core/security/approval.js';
import type { Project } from '../project.js';
import { ApprovalError } from '../../core/security/errors.js';
import type { ApprovalContext, ApprovalSigner } from './approve.js';
import type { Approval } from './evidence-port.js';

export async function listedApprovers(project: Project): Promise<{ name: string; publicKeyPem: string }[]> {
  const fs = new NodeFileSystem();
  return Promise.all(
    project.config.approvers.map(async (a) => ({ name: a.name, publicKeyPem: await fs.readText(path.resolve(project.root, a.publicKey)) })),
  );
}

export async function approvalSigner(project: Project, keyPath: string, env: Readonly<Record<string, string | undefined>>): Promise<ApprovalSigner> {
  const fs = new NodeFileSystem();
  const signer = await loadSigner({ fs, env, root: project.root, signing: project.config.signing, keyPath });
  if (signer === undefined) throw new Error(`no key loaded from ${keyPath}`);
  const approvers = await listedApprovers(project);
  return {
    async sign(input) {
      const payload = approvalPayload({
        runId: input.runId,
        featureSha: input.featureSha,
        manifestDigest: input.requestDigest,
        mode: input.mode === 'compliance' ? 'compliance' : 'sandbox',
        approver: input.approver,
        approvedAt: new Date(input.at),
      });
      const signed = await signApproval(payload, signer);
      const keyFingerprint = signed.envelope.signatures[0]?.keyid ?? '';
      return { signature: JSON.stringify(signed), keyFingerprint };
    },
    verify: (approval, context) => verifySignedApproval(approvers, approval, context),
  };
}

/** Throws the security domain's ApprovalError unless `approval` verifies against a listed approver key. */
export async function verifySignedApproval(approvers: readonly { name: string; publicKeyPem: string }[], approval: Approval, context: ApprovalContext): Promise<void> {
  if (approval.signature === undefined) {
    throw new ApprovalError('APPROVAL_UNSIGNED', `the approval by ${approval.by} is not signed`, {
      hint: 'approvers are configured: approve with `specgate approve RUN --by NAME --key YOUR_KEY`',
    });
  }
  verifyApproval(parseSignedApproval(approval.signature), {
    runId: context.runId,
    featureSha: context.featureSha,
    manifestDigest: approval.requestDigest,
    approvers,
    mode: context.mode === 'compliance' ? 'compliance' : 'sandbox',
    ...(context.initiatorFingerprint === undefined ? {} : { initiatorFingerprint: context.initiatorFingerprint }),
  });
  await Promise.resolve();
}
