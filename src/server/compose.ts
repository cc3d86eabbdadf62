// The dashboard's composition root: the one module of src/server that imports adapters (lint). It
// picks the Node implementations of the dashboard's ports — file system, clock, change stamp, log
// tail, the evidence verifier — and, for `specgate serve`, the project's: what serves staging, the
// listed approvers, the approve use case and the organisation's store (`--store`).
import type { FileSystem } from '../core/ports.js';
import { systemClock } from '../adapters/clock.js';
import { changeStamp } from '../adapters/evidence/change-stamp.js';
import { readTail } from '../adapters/evidence/tail.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { trustedPublicKey } from '../app/evidence/ledger-audit.js';
import { approveRun } from '../app/pipeline/approve.js';
import type { Project } from '../app/project.js';
import { libraryEvidence, type EvidencePort } from '../app/report/evidence-port.js';
import { stagingStatusReader } from '../cli/compose-deploy.js';
import { approvalCheckPort, fileEvidenceStore, nodeEvidencePorts } from '../cli/compose-evidence.js';
import { openStoreSession } from '../cli/compose-store.js';
import type { ApprovePort, DashboardOptions, DashboardPorts } from './app.js';

/** The dashboard's ports on Node; `evidence` defaults to the verifier with each run's own key. */
export function nodeDashboardPorts(fs: FileSystem = new NodeFileSystem(), evidence: EvidencePort = libraryEvidence(fs)): DashboardPorts {
  return { fs, clock: systemClock, files: { stamp: changeStamp, tail: readTail }, evidence, locator: nodeEvidencePorts };
}

export interface ServeInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly project: Project;
  readonly reportsDir: string;
  /** Staging belongs to the project: shown only when the dashboard serves the project's own reports. */
  readonly ownReports: boolean;
  /** `serve --store [url]`: true takes the store configured for the project. */
  readonly store?: string | true;
}

export type ServePorts = DashboardPorts & Pick<DashboardOptions, 'approve' | 'approvals' | 'staging' | 'runStore'>;

/** Every port `specgate serve` hands the dashboard, and how to release them (the store's connections). */
export async function composeServe(input: ServeInput): Promise<{ readonly ports: ServePorts; close(): Promise<void> }> {
  const fs = new NodeFileSystem();
  const staging = input.ownReports ? stagingStatusReader(input.project, { env: input.env, signal: input.signal }) : undefined;
  const base = {
    ...nodeDashboardPorts(fs, await evidencePort(fs, input)),
    // Recorded approvals count only when they verify against this project's listed approvers.
    approvals: await approvalCheckPort(input.project),
    approve: approvePort(input.reportsDir, input.project),
    ...(staging === undefined ? {} : { staging }),
  };
  // Opened last: nothing after it can fail and leave its connections open.
  const session = input.store === undefined ? undefined : await openStoreSession({ cwd: input.cwd, env: input.env, ...(typeof input.store === 'string' ? { store: input.store } : {}) });
  const ports: ServePorts = { ...base, ...(session === undefined ? {} : { runStore: session.store.runs }) };
  return { ports, close: async () => session?.store.close() };
}

/** The ledger verdict shown matches `audit verify`: anchors checked with signing.publicKey when configured. */
async function evidencePort(fs: FileSystem, input: ServeInput): Promise<EvidencePort> {
  const configured = input.project.config.signing.publicKey;
  const publicKeyPem = await trustedPublicKey(fs, { cwd: input.cwd, root: input.project.root, ...(configured === undefined ? {} : { configured }) });
  return libraryEvidence(fs, publicKeyPem === undefined ? {} : { publicKeyPem });
}

/** Approvals from the dashboard go through the same use case as `specgate approve`. */
function approvePort(reportsDir: string, project: Project): ApprovePort {
  const store = fileEvidenceStore(reportsDir, systemClock);
  return async ({ runId, by, reason }) => {
    const approval = await approveRun({ store, clock: systemClock, signedRequired: project.config.approvers.length > 0 }, { runId, by, ...(reason === undefined ? {} : { reason }) });
    return { by: approval.by, at: approval.at };
  };
}
