// The report's approval check: every approval the manifest records is verified again now — signed
// by a key listed under `approvers:`, for this run's approval request — exactly as the approval gate
// does before deploy. A recorded name, signed or not, is only a claim until then; older runs'
// unsigned approvals never count in compliance.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { sha256Hex } from '../../core/data.js';
import { arr, str } from '../../core/report/read.js';
import type { ApprovalEvidence, ApprovalVerdict } from '../../core/report/evidence.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import type { ApprovalContext } from '../pipeline/approve.js';
import type { Approval } from '../pipeline/evidence-port.js';

/** Verifies one approval against the listed approvers (the shell wires approval-signer's verifySignedApproval). */
export interface ApprovalCheckPort {
  /** How many approvers specgate.yaml lists. */
  readonly listed: number;
  /** Resolves with the signing key's fingerprint; rejects when the approval does not count. */
  verify(approval: Approval, context: ApprovalContext): Promise<string>;
}

interface RequestFacts {
  readonly digest?: string;
  readonly initiatorFingerprint?: string;
}

async function readRequest(fs: FileSystem, runDir: string): Promise<RequestFacts> {
  const file = path.join(runDir, EVIDENCE_FILE.approvalRequest);
  if ((await fs.lstat(file))?.kind !== 'file') return {};
  const text = await fs.readText(file);
  let fingerprint: string | undefined;
  try {
    fingerprint = str(JSON.parse(text) as unknown, 'initiatorKeyFingerprint');
  } catch {
    // Unparseable: its digest still names what was approved; the schema check reports the damage.
  }
  return { digest: sha256Hex(text), ...(fingerprint === undefined ? {} : { initiatorFingerprint: fingerprint }) };
}

function recorded(entry: unknown): Approval {
  const signature = str(entry, 'signature');
  return {
    by: str(entry, 'by') ?? 'unknown',
    at: str(entry, 'at') ?? '',
    requestDigest: str(entry, 'requestDigest', 'manifestDigest') ?? '',
    ...(signature === undefined ? {} : { signature }),
  };
}

async function judge(approval: Approval, request: RequestFacts, context: ApprovalContext, port: ApprovalCheckPort | undefined): Promise<ApprovalVerdict> {
  const verdict = (state: ApprovalVerdict['state'], detail: string): ApprovalVerdict => ({ by: approval.by, at: approval.at, state, detail });
  if (approval.signature === undefined) return verdict('unsigned', 'unsigned: a typed name does not count in compliance');
  if (approval.requestDigest !== request.digest) return verdict('rejected', `signed for another approval request than this run's ${EVIDENCE_FILE.approvalRequest}`);
  if (port === undefined || port.listed === 0) return verdict('unchecked', 'signed, but no approvers are listed in specgate.yaml here, so the key cannot be checked');
  try {
    const keyFingerprint = await port.verify(approval, { ...context, ...(request.initiatorFingerprint === undefined ? {} : { initiatorFingerprint: request.initiatorFingerprint }) });
    return verdict('verified', `signed by a listed approver's key${keyFingerprint === '' ? '' : ` (${keyFingerprint.slice(0, 16)}…)`}`);
  } catch (error) {
    return verdict('rejected', error instanceof Error ? error.message : String(error));
  }
}

/** Every approval in the manifest, judged now. `port` absent: nothing can be verified (all `unchecked` or worse). */
export async function checkRecordedApprovals(fs: FileSystem, runDir: string, manifest: unknown, port: ApprovalCheckPort | undefined): Promise<ApprovalEvidence> {
  const entries = arr(manifest, 'approvals').map(recorded);
  if (entries.length === 0) return { listed: port?.listed ?? 0, entries: [] };
  const request = await readRequest(fs, runDir);
  const context: ApprovalContext = { runId: str(manifest, 'runId') ?? '', featureSha: str(manifest, 'featureSha') ?? '', mode: str(manifest, 'mode') ?? '' };
  const verdicts: ApprovalVerdict[] = [];
  for (const approval of entries) verdicts.push(await judge(approval, request, context, port));
  return { listed: port?.listed ?? 0, entries: verdicts };
}
