// The evidence stack's composition root: the Node adapters of src/adapters/evidence wired into
// the evidence use cases of src/app/evidence as ports. The CLI (compose.ts, commands), the
// dashboard (src/server) and the library API (src/index.ts) take the wired versions from here;
// tests hand the use cases fakes instead.
import type { Clock } from '../core/ports.js';
import type { EvidencePorts } from '../core/evidence/ports.js';
import { nodeEvidencePorts } from '../adapters/evidence/node-evidence.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import * as archive from '../app/evidence/archive.js';
import * as audit from '../app/evidence/ledger-audit.js';
import { projectReports as projectReportsWith } from '../app/evidence/reports-location.js';
import * as recorder from '../app/evidence/run-recorder.js';
import { recoverInterruptedRuns as recoverWith, type RecoveredRun } from '../app/evidence/recover.js';
import * as runs from '../app/evidence/runs.js';
import type { Project } from '../app/project.js';
import type { EvidenceStore } from '../app/pipeline/evidence-port.js';
import type { ApprovalKeys } from '../app/pipeline/ports.js';
import type { ApprovalSigner } from '../app/pipeline/approve.js';
import type { ApprovalCheckPort } from '../app/report/approvals.js';
import { fileEvidenceStore as evidenceStoreWith } from '../app/pipeline/evidence-store.js';

export { nodeEvidencePorts } from '../adapters/evidence/node-evidence.js';
// The adapters' own entry points, unchanged, for the library API and scripts.
export { readManifest } from '../adapters/evidence/run-store.js';
export { readLatest } from '../adapters/evidence/latest-link.js';
export { appendCheckpoint, appendCheckpoints, readCheckpoints, verifyLedger } from '../adapters/evidence/ledger-file.js';

type OpenOptions = Parameters<typeof recorder.openRun>[4];
type AuditOptions = Parameters<typeof audit.auditLedger>[2];

/** The evidence use cases bound to one set of ports (the Node ones unless told otherwise). */
export function evidenceUseCases(ports: EvidencePorts = nodeEvidencePorts, fs = new NodeFileSystem()) {
  return {
    ports,
    listRuns: (reportsDir: string, filter?: runs.RunFilter) => runs.listRuns(ports, reportsDir, filter),
    featureRuns: (reportsDir: string, featureSha: string) => runs.featureRuns(ports, reportsDir, featureSha),
    featureRunsTolerant: (reportsDir: string, featureSha: string, onWarning: runs.RunFilter['onWarning']) => runs.featureRunsTolerant(ports, reportsDir, featureSha, onWarning),
    findRunDir: (reportsDir: string, runId: string, featureSha?: string) => runs.findRunDir(ports, reportsDir, runId, featureSha),
    startRun: (options: recorder.StartRunOptions) => recorder.startRun(ports, options),
    openRun: (reportsDir: string, runId: string, clock: Clock, options?: OpenOptions) => recorder.openRun(ports, reportsDir, runId, clock, options),
    recoverInterruptedRuns: (reportsDir: string, clock: Clock) => recoverWith(ports, reportsDir, clock),
    archiveRuns: (reportsDir: string, options: archive.ArchiveOptions & { readonly dryRun?: boolean }) => archive.archiveRuns(ports, reportsDir, options),
    auditLedger: (reportsDir: string, options?: AuditOptions) => audit.auditLedger({ ledger: ports.ledger, fs }, reportsDir, options),
    projectReports: (cwd: string) => projectReportsWith(fs, cwd),
    /** The pipeline runner's and the dashboard's EvidenceStore over this reports folder. */
    evidenceStore: (reportsDir: string, clock: Clock) => evidenceStoreWith({ ...ports, fs }, reportsDir, clock),
  };
}

export type EvidenceUseCases = ReturnType<typeof evidenceUseCases>;

const node = evidenceUseCases();

/** `specgate runs` on the real reports folder. */
export function listRuns(reportsDir: string, filter: runs.RunFilter = {}): Promise<runs.RunSummary[]> {
  return node.listRuns(reportsDir, filter);
}

/** A run folder by id under the real reports folder; RUN_NOT_FOUND otherwise. */
export function findRunDir(reportsDir: string, runId: string, featureSha?: string): Promise<string> {
  return node.findRunDir(reportsDir, runId, featureSha);
}

/** Starts a run in the real reports folder (recovering runs of dead processes first). */
export function startRun(options: recorder.StartRunOptions): Promise<recorder.RunRecorder> {
  return node.startRun(options);
}

/** Reopens a run (e.g. one awaiting approval) to record more of it. */
export function openRun(reportsDir: string, runId: string, clock: Clock, options: OpenOptions = {}): Promise<recorder.RunRecorder> {
  return node.openRun(reportsDir, runId, clock, options);
}

/** Closes runs whose process died as `interrupted`. */
export function recoverInterruptedRuns(reportsDir: string, clock: Clock): Promise<RecoveredRun[]> {
  return node.recoverInterruptedRuns(reportsDir, clock);
}

/** `specgate archive`: plan, then move (or only plan with dryRun). */
export function archiveRuns(reportsDir: string, options: archive.ArchiveOptions & { readonly dryRun?: boolean }): Promise<archive.ArchiveResult> {
  return node.archiveRuns(reportsDir, options);
}

/** `specgate audit verify`: the chain, then the anchors signed evidence gives it. */
export function auditLedger(reportsDir: string, options: AuditOptions = {}): Promise<audit.LedgerAudit> {
  return node.auditLedger(reportsDir, options);
}

/** The project at `cwd` and its reports folder. */
export function projectReports(cwd: string): Promise<{ project: Project; reportsDir: string }> {
  return node.projectReports(cwd);
}

/** The pipeline runner's EvidenceStore over the real reports folder. */
export function fileEvidenceStore(reportsDir: string, clock: Clock): EvidenceStore {
  return node.evidenceStore(reportsDir, clock);
}

/** Approvers' keys from disk, ssh-keygen for SSH signatures; loaded on first use. */
export const nodeApprovalKeys: ApprovalKeys = {
  fs: new NodeFileSystem(),
  sshSign: async (keyFile, data) => (await import('../adapters/security/ssh-keygen.js')).sshSign(keyFile, data),
  sshVerify: async (allowedSigners, principal, data, signature) => (await import('../adapters/security/ssh-keygen.js')).sshVerify(allowedSigners, principal, data, signature),
  loadKey: async (project, keyPath, env) =>
    (await import('../adapters/security/node-signer.js')).loadSigner({ fs: new NodeFileSystem(), env, root: project.root, signing: project.config.signing, keyPath }),
};

/** What the report and the dashboard check recorded approvals with: this project's listed approvers. */
export async function approvalCheckPort(project: Pick<Project, 'root' | 'config'>): Promise<ApprovalCheckPort> {
  return (await import('../app/pipeline/approval-signer.js')).approvalCheckPort(nodeApprovalKeys, project);
}

/** `specgate approve --key` (P-256) or `--ssh-key` (SSH): the approver's signer. */
export async function approvalSignerFor(project: Project, key: { readonly p256?: string; readonly ssh?: string }, env: Readonly<Record<string, string | undefined>>): Promise<ApprovalSigner | undefined> {
  const signers = await import('../app/pipeline/approval-signer.js');
  if (key.p256 !== undefined) return signers.approvalSigner(nodeApprovalKeys, project, key.p256, env);
  return key.ssh === undefined ? undefined : signers.sshApprovalSigner(nodeApprovalKeys, project, key.ssh);
}
