// The compliance approval gate before deploy (docs/contracts.md §6): the run pauses with an
// approval-request.json naming exactly what is to be approved; an approval binds that file's digest,
// must come from someone other than the initiator and, when approvers are configured, must be
// signed by one of their keys.
import { sha256Hex } from '../../core/data.js';
import type { Project } from '../project.js';
import { sameIdentity } from '../../core/security/identity.js';
import { ADD_APPROVERS_HINT } from './approve.js';
import type { Approval, RunEvidence } from './evidence-port.js';
import type { RunInfo } from './stage.js';
import type { ApprovalChecking } from './ports.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';


export interface ApprovalRequest {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: string;
  readonly initiator: string;
  readonly requestedAt: string;
  /** Fingerprint of the key that will sign the run's evidence, if any: it can never approve. */
  readonly initiatorKeyFingerprint: string | null;
  /** The evidence as it stood when approval was requested. */
  readonly artifacts: readonly { readonly path: string; readonly sha256: string }[];
}

export async function requestApproval(evidence: RunEvidence, run: RunInfo, now: Date, initiatorKeyFingerprint: string | null): Promise<void> {
  if ((await evidence.readArtifact(EVIDENCE_FILE.approvalRequest)) !== undefined) return; // already requested (idempotent)
  const names = [EVIDENCE_FILE.validation, EVIDENCE_FILE.estimates, EVIDENCE_FILE.coverage, EVIDENCE_FILE.sarif, EVIDENCE_FILE.sbom, EVIDENCE_FILE.release];
  const artifacts: { path: string; sha256: string }[] = [];
  for (const name of names) {
    const text = await evidence.readArtifact(name);
    if (text !== undefined) artifacts.push({ path: name, sha256: sha256Hex(text) });
  }
  const request: ApprovalRequest = {
    schemaVersion: 1,
    runId: run.runId,
    featureSha: run.featureSha,
    mode: run.mode,
    initiator: run.initiator,
    requestedAt: now.toISOString(),
    initiatorKeyFingerprint,
    artifacts,
  };
  await evidence.writeArtifact(EVIDENCE_FILE.approvalRequest, `${JSON.stringify(request, null, 2)}\n`, 'application/json');
}

/** The sha256 of the run's approval request, or undefined when none was requested. */
export async function approvalRequestDigest(evidence: RunEvidence): Promise<string | undefined> {
  const text = await evidence.readArtifact(EVIDENCE_FILE.approvalRequest);
  return text === undefined ? undefined : sha256Hex(text);
}

/** The run signer's key fingerprint recorded in the approval request, if any. */
export async function requestedInitiatorKey(evidence: RunEvidence): Promise<string | undefined> {
  const text = await evidence.readArtifact(EVIDENCE_FILE.approvalRequest);
  if (text === undefined) return undefined;
  const value = (JSON.parse(text) as { initiatorKeyFingerprint?: unknown }).initiatorKeyFingerprint;
  return typeof value === 'string' ? value : undefined;
}

/** Pure: does this set of approvals let the run deploy? */
export function judgeApprovals(
  approvals: readonly Approval[],
  context: { readonly requestDigest: string | undefined; readonly initiator: string; readonly signedRequired: boolean },
): { ok: boolean; reason: string } {
  if (context.requestDigest === undefined) return { ok: false, reason: 'approval required before deploy (compliance)' };
  const byOther = (a: Approval): boolean => {
    try {
      return !sameIdentity(a.by, context.initiator);
    } catch {
      return false; // a name with invisible characters is nobody we can tell apart
    }
  };
  const valid = approvals.filter((a) => a.requestDigest === context.requestDigest && byOther(a) && (!context.signedRequired || a.signature !== undefined));
  if (valid.length === 0) {
    return { ok: false, reason: 'approval required before deploy (compliance): no valid signed approval by a listed approver other than the initiator' };
  }
  return { ok: true, reason: `approved by ${valid.map((a) => a.by).join(', ')}` };
}

/**
 * Whether a compliance run may deploy. Only approvals signed by a listed approver count, and every
 * one is verified again here (the manifest is only a file until the run is sealed). Without
 * approvers the gate blocks and says how to add them: an unsigned name never satisfies it.
 */
export async function approvalsSatisfy(keys: ApprovalChecking, evidence: RunEvidence, project: Project): Promise<{ ok: boolean; reason: string }> {
  const manifest = await evidence.manifest();
  if (project.config.approvers.length === 0) {
    return { ok: false, reason: `approval required before deploy (compliance), but no approvers are configured: ${ADD_APPROVERS_HINT}` };
  }
  const { listedApprovers, verifySignedApproval } = await import('./approval-signer.js');
  const approvers = await listedApprovers(keys, project);
  const initiatorFingerprint = await requestedInitiatorKey(evidence);
  const verified: Approval[] = [];
  for (const approval of manifest.approvals) {
    try {
      await verifySignedApproval(keys, approvers, approval, {
        runId: manifest.runId,
        featureSha: manifest.featureSha,
        mode: manifest.mode,
        ...(initiatorFingerprint === undefined ? {} : { initiatorFingerprint }),
      });
      verified.push(approval);
    } catch {
      // An approval that does not verify simply does not count.
    }
  }
  return judgeApprovals(verified, { requestDigest: await approvalRequestDigest(evidence), initiator: manifest.initiator, signedRequired: true });
}
