// Records a four-eyes approval for a compliance run paused at the approval gate. Used by
// `specgate approve` and the dashboard.
import { ApprovalError } from '../../core/security/errors.js';
import type { Clock } from '../../core/ports.js';
import { approvalRequestDigest, requestedInitiatorKey } from './approval-gate.js';
import type { Approval, EvidenceStore } from './evidence-port.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';


/** Signs and checks approvals with configured approver keys (src/app/security provides it). */
export interface ApprovalSigner {
  /** Signs the approval of `requestDigest`; returns the signature and the signer's key fingerprint. */
  sign(input: { runId: string; featureSha: string; requestDigest: string; mode: string; approver: string; at: string }): Promise<{ signature: string; keyFingerprint: string }>;
  /** Throws unless the approval verifies against a configured approver key. */
  verify(approval: Approval, context: ApprovalContext): Promise<void>;
}

export interface ApprovalContext {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: string;
  /** Fingerprint of the key that signs the run: it may never approve it. */
  readonly initiatorFingerprint?: string;
}

export interface ApproveInput {
  readonly runId: string;
  readonly by: string;
  readonly reason?: string;
}

export async function approveRun(
  deps: { readonly store: EvidenceStore; readonly clock: Clock; readonly signer?: ApprovalSigner; readonly signedRequired: boolean },
  input: ApproveInput,
): Promise<Approval> {
  const evidence = await deps.store.open(input.runId);
  const manifest = await evidence.manifest();
  if (manifest.status !== 'awaiting-approval') {
    throw new ApprovalError('NOT_AWAITING_APPROVAL', `run ${input.runId} is '${manifest.status}', not awaiting approval`, {
      hint: 'only compliance runs paused before deploy take approvals; see `specgate runs --status awaiting-approval`',
    });
  }
  if (input.by.trim() === manifest.initiator.trim()) {
    throw new ApprovalError('SELF_APPROVAL', `${input.by} started run ${input.runId} and cannot approve it (four-eyes rule)`, {
      hint: 'ask someone else to approve',
    });
  }
  const requestDigest = await approvalRequestDigest(evidence);
  if (requestDigest === undefined) {
    throw new ApprovalError('NOT_AWAITING_APPROVAL', `run ${input.runId} has no approval-request.json`, {
      path: `${evidence.runDir}/approval-request.json`,
      hint: 'the run was not paused by the approval gate; start a new compliance run',
    });
  }
  if (manifest.approvals.some((a) => a.by === input.by && a.requestDigest === requestDigest)) {
    throw new ApprovalError('ALREADY_APPROVED', `${input.by} already approved run ${input.runId}`, {
      hint: `continue with: specgate run --resume ${input.runId}`,
    });
  }
  if (deps.signedRequired && deps.signer === undefined) {
    throw new ApprovalError('SIGNATURE_REQUIRED', 'approvers are configured, so this approval must be signed', {
      hint: 'pass --key <your private key>; its public key must be listed under approvers: in specgate.yaml',
    });
  }
  const at = deps.clock.now().toISOString();
  const base = { by: input.by, at, requestDigest, ...(input.reason === undefined ? {} : { reason: input.reason }) };
  const signed = deps.signer
    ? await deps.signer.sign({ runId: manifest.runId, featureSha: manifest.featureSha, requestDigest, mode: manifest.mode, approver: input.by, at })
    : undefined;
  const approval: Approval = { ...base, ...(signed ?? {}) };
  if (deps.signer && signed) {
    const initiatorFingerprint = await requestedInitiatorKey(evidence);
    await deps.signer.verify(approval, {
      runId: manifest.runId,
      featureSha: manifest.featureSha,
      mode: manifest.mode,
      ...(initiatorFingerprint === undefined ? {} : { initiatorFingerprint }),
    });
  }
  await evidence.addApproval(approval);
  await deps.store.checkpoint({
    time: deps.clock.now(),
    runId: manifest.runId,
    featureSha: manifest.featureSha,
    stage: 'approval',
    status: 'approved',
    artifact: EVIDENCE_FILE.approvalRequest,
  });
  return approval;
}
