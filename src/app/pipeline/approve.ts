// Records a four-eyes approval for a compliance run paused at the approval gate. Used by
// `specgate approve` and the dashboard.
import { ApprovalError } from '../../core/security/errors.js';
import type { Clock } from '../../core/ports.js';
import { approvalRequestDigest, requestedInitiatorKey } from './approval-gate.js';
import type { Approval, EvidenceStore, RunEvidence, RunManifestView } from './evidence-port.js';
import { canonicalIdentity, sameIdentity } from '../../core/security/identity.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';


/** Signs and checks approvals with configured approver keys (src/app/pipeline/approval-signer.ts). */
export interface ApprovalSigner {
  /** Signs the approval of `requestDigest`; returns the signature and the signer's key fingerprint. */
  sign(input: { runId: string; featureSha: string; requestDigest: string; mode: string; approver: string; at: string }): Promise<{ signature: string; keyFingerprint: string }>;
  /** Throws unless the approval verifies against a configured approver key; returns the key's fingerprint. */
  verify(approval: Approval, context: ApprovalContext): Promise<string>;
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

/** How to configure approvers: the hint of every "no approvers" refusal. */
export const ADD_APPROVERS_HINT =
  'add approvers to specgate.yaml — `approvers: [{name: alice, publicKey: keys/alice.pub}]` (P-256, `specgate keys generate`) or `[{name: alice@example.com, allowedSigners: .specgate/allowed_signers}]` (SSH) — then approve with `specgate approve RUN --by NAME --key KEY` or `--ssh-key KEY`';

export interface ApproveDeps {
  readonly store: EvidenceStore;
  readonly clock: Clock;
  readonly signer?: ApprovalSigner;
  /** True when approvers are listed in specgate.yaml. Compliance approvals always need one. */
  readonly signedRequired: boolean;
}

/**
 * Records an approval. Serialised per run (lock, re-read, append): concurrent approvals are all
 * kept, or refused as duplicates — never silently lost. In compliance an approval counts only when
 * signed by a listed approver, so without approvers there is nothing to sign with: refused.
 */
export async function approveRun(deps: ApproveDeps, input: ApproveInput): Promise<Approval> {
  canonicalIdentity(input.by, '--by');
  return deps.store.exclusive(input.runId, async () => {
    const evidence = await deps.store.open(input.runId);
    const manifest = await evidence.manifest();
    const requestDigest = await checkApprovable(deps, input, evidence, manifest);
    const at = deps.clock.now().toISOString();
    const base = { by: input.by, at, requestDigest, ...(input.reason === undefined ? {} : { reason: input.reason }) };
    const signed = deps.signer
      ? await deps.signer.sign({ runId: manifest.runId, featureSha: manifest.featureSha, requestDigest, mode: manifest.mode, approver: input.by, at })
      : undefined;
    let approval: Approval = { ...base, ...(signed ?? {}) };
    if (deps.signer && signed) {
      const initiatorFingerprint = await requestedInitiatorKey(evidence);
      const keyFingerprint = await deps.signer.verify(approval, {
        runId: manifest.runId,
        featureSha: manifest.featureSha,
        mode: manifest.mode,
        ...(initiatorFingerprint === undefined ? {} : { initiatorFingerprint }),
      });
      approval = { ...approval, keyFingerprint };
    }
    await evidence.addApproval(approval);
    await deps.store.checkpoint({ time: deps.clock.now(), runId: manifest.runId, featureSha: manifest.featureSha, stage: 'approval', status: 'approved', artifact: EVIDENCE_FILE.approvalRequest });
    return approval;
  });
}

/** Every refusal, in the order that gives the most specific reason; returns the request digest. */
async function checkApprovable(deps: ApproveDeps, input: ApproveInput, evidence: RunEvidence, manifest: RunManifestView): Promise<string> {
  if (manifest.status !== 'awaiting-approval') {
    throw new ApprovalError('NOT_AWAITING_APPROVAL', `run ${input.runId} is '${manifest.status}', not awaiting approval`, {
      hint: 'only compliance runs paused before deploy take approvals; see `specgate runs --status awaiting-approval`',
    });
  }
  if (sameIdentity(input.by, manifest.initiator)) {
    throw new ApprovalError('SELF_APPROVAL', `${input.by} started run ${input.runId} and cannot approve it (four-eyes rule)`, { hint: 'ask someone else to approve' });
  }
  const requestDigest = await approvalRequestDigest(evidence);
  if (requestDigest === undefined) {
    throw new ApprovalError('NOT_AWAITING_APPROVAL', `run ${input.runId} has no approval-request.json`, {
      path: `${evidence.runDir}/approval-request.json`,
      hint: 'the run was not paused by the approval gate; start a new compliance run',
    });
  }
  if (manifest.approvals.some((a) => sameIdentity(a.by, input.by) && a.requestDigest === requestDigest)) {
    throw new ApprovalError('ALREADY_APPROVED', `${input.by} already approved run ${input.runId}`, { hint: `continue with: specgate run --resume ${input.runId}` });
  }
  if (manifest.mode === 'compliance' && !deps.signedRequired) {
    throw new ApprovalError('APPROVERS_MISSING', `no approvers are configured, so nobody can approve compliance run ${input.runId}: an unsigned name never counts`, { hint: ADD_APPROVERS_HINT });
  }
  if ((deps.signedRequired || manifest.mode === 'compliance') && deps.signer === undefined) {
    throw new ApprovalError('SIGNATURE_REQUIRED', 'compliance approvals must be signed by a listed approver key', {
      hint: 'pass --key <your P-256 private key> or --ssh-key <your SSH private key>; its public key must be listed under approvers: in specgate.yaml',
    });
  }
  return requestDigest;
}
