// The seal of a run (docs/contracts.md §6): the signing gate is decided before the manifest is
// final; once it is, provenance, a signature for every artifact and the signed ledger head follow.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { Signer } from '../../core/security/ports.js';
import { fingerprint } from '../../core/security/signature.js';
import { decideSigningGate } from '../../core/security/signing-gate.js';
import type { Manifest } from '../../core/evidence/manifest.js';
import { writeSignedHead } from '../evidence/ledger-heads.js';
import type { Project } from '../project.js';
import { writeSignedProvenance } from '../security/provenance.js';
import { signRunDirectory } from '../security/sign.js';
import type { Sealing } from './ports.js';
import type { RunInfo } from './stage.js';

export interface SealingPorts {
  readonly fs: FileSystem;
  readonly loadSigner: (project: Project) => Promise<Signer | undefined>;
  readonly readManifest: (runDir: string) => Promise<Manifest>;
}

/** Loads the signing key and decides the signing gate; the seal runs after the manifest is final. */
export async function prepareSealing(ports: SealingPorts, run: RunInfo, project: Project): Promise<Sealing> {
  const signer = await ports.loadSigner(project);
  const gate = decideSigningGate(run.mode, signer !== undefined);
  if (!signer || !gate.sign) return { outcome: gate.outcome, reason: gate.reason, signing: null };
  return {
    outcome: gate.outcome,
    reason: gate.reason,
    signing: { publicKeyFingerprint: fingerprint(signer.publicKeyPem), algorithm: 'ecdsa-p256-sha256' },
    seal: () => seal(ports, run, project, signer),
  };
}

async function seal(ports: SealingPorts, run: RunInfo, project: Project, signer: Signer): Promise<void> {
  const manifest = await ports.readManifest(run.runDir);
  await writeSignedProvenance(
    run.runDir,
    {
      runId: run.runId,
      featureSha: run.featureSha,
      mode: run.mode,
      project: project.config.name ?? path.basename(project.root),
      initiator: manifest.initiator,
      toolVersion: run.toolVersion,
      startedAt: manifest.startedAt,
      finishedAt: manifest.endedAt ?? manifest.startedAt,
      ...(manifest.git.commit ? { gitCommit: manifest.git.commit } : {}),
      specFiles: manifest.specFiles ?? [],
      stages: manifest.stages.map((s) => ({
        name: s.name,
        status: s.status,
        startedAt: s.startedAt,
        finishedAt: s.endedAt,
        ...(s.summary === undefined ? {} : { summary: s.summary }),
      })),
      approvals: manifest.approvals.flatMap((a) =>
        typeof a.by === 'string' && typeof a.at === 'string'
          ? [{ approver: a.by, keyFingerprint: typeof a.keyFingerprint === 'string' ? a.keyFingerprint : 'unsigned', approvedAt: a.at }]
          : [],
      ),
    },
    signer,
    ports.fs,
  );
  await signRunDirectory(run.runDir, signer, ports.fs);
  // The signed head outlives the run folder (archive, deletion): truncation after it is caught.
  await writeSignedHead(run.reportsDir, await ports.readManifest(run.runDir), signer, ports.fs);
}
