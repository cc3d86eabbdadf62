// The evidence store the pipeline runner talks to (the EvidenceStore port of
// src/app/pipeline/evidence-port.ts), implemented over this folder's run recorder and ledger. The
// runner appends its own checkpoints, so recorders opened here do not add any.
import type { Clock } from '../../core/ports.js';
import type { Mode } from '../../core/config/schema.js';
import type { RunStatus } from '../../core/pipeline/status.js';
import { appendCheckpoint, verifyLedger } from '../../adapters/evidence/ledger-file.js';
import { openRun, startRun, type RunRecorder } from './run-recorder.js';
import { recoverInterruptedRuns } from './recover.js';

/** Mirrors the runner's Approval (kept structural so neither side imports the other's files). */
export interface StoreApproval {
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestDigest: string;
  readonly signature?: string;
  readonly keyFingerprint?: string;
}

export interface StoreStageRecord {
  readonly name: 'preflight' | 'validate' | 'generate' | 'build' | 'deploy' | 'audit';
  readonly status: 'success' | 'warning' | 'failure' | 'skipped' | 'blocked' | 'interrupted';
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly summary: string;
  readonly artifact?: string;
  readonly gates: readonly { readonly gate: string; readonly outcome: string; readonly reason: string }[];
}

export interface StoreManifestView {
  readonly runId: string;
  readonly featureSha: string;
  readonly mode: Mode;
  readonly initiator: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly stages: readonly { readonly name: string; readonly status: string }[];
  readonly approvals: readonly StoreApproval[];
}

export interface StoreRunEvidence {
  readonly runId: string;
  readonly runDir: string;
  writeArtifact(name: string, content: string | Uint8Array, mediaType: string): Promise<void>;
  readArtifact(name: string): Promise<string | undefined>;
  recordStage(record: StoreStageRecord): Promise<void>;
  setStatus(status: RunStatus): Promise<void>;
  addApproval(approval: StoreApproval): Promise<void>;
  setSigning(signing: { readonly publicKeyFingerprint: string; readonly algorithm: string } | null): Promise<void>;
  manifest(): Promise<StoreManifestView>;
  finish(status: RunStatus): Promise<void>;
  publishLatest(): Promise<void>;
  /** The recorder underneath, for callers that need the full manifest. */
  readonly recorder: RunRecorder;
}

function wrap(recorder: RunRecorder): StoreRunEvidence {
  return {
    runId: recorder.runId,
    runDir: recorder.runDir,
    recorder,
    writeArtifact: async (name, content, mediaType) => {
      await recorder.writeArtifact(name, content, mediaType);
    },
    readArtifact: (name) => recorder.readArtifact(name),
    recordStage: (record) =>
      recorder.recordStage({
        name: record.name,
        status: record.status,
        startedAt: record.startedAt,
        endedAt: record.endedAt,
        summary: record.summary,
        gates: record.gates,
        ...(record.artifact === undefined ? {} : { artifact: record.artifact }),
      }),
    setStatus: (status) => (status === 'running' || status === 'awaiting-approval' ? recorder.setStatus(status) : recorder.finish(status).then(() => undefined)),
    addApproval: (approval) => recorder.addApproval({ ...approval }),
    setSigning: async (signing) => {
      if (signing !== null) await recorder.setSigning({ ...signing });
    },
    manifest: () => Promise.resolve(recorder.manifest as unknown as StoreManifestView),
    finish: async (status) => {
      if (status === 'running') {
        await recorder.setStatus('running');
        return;
      }
      await recorder.finish(status);
    },
    publishLatest: () => recorder.publishLatest(),
  };
}

export interface StoreManifestInit {
  readonly featureSha: string;
  readonly mode: Mode;
  readonly initiator: string;
  readonly startedAt: Date;
  readonly toolVersion: string;
  readonly git?: { readonly commit: string | null; readonly dirty: boolean; readonly branch?: string | null };
  readonly specFiles: readonly { readonly path: string; readonly sha256: string }[];
}

export function createEvidenceStore(reportsDir: string, clock: Clock) {
  return {
    reportsDir,
    claim: async (init: StoreManifestInit): Promise<StoreRunEvidence> =>
      wrap(
        await startRun({
          reportsDir,
          featureSha: init.featureSha,
          mode: init.mode,
          initiator: init.initiator,
          git: init.git ?? { commit: null, dirty: null },
          toolVersion: init.toolVersion,
          clock,
          startedAt: init.startedAt,
          specFiles: init.specFiles,
          recover: false,
          autoCheckpoints: false,
        }),
      ),
    open: async (runId: string): Promise<StoreRunEvidence> => wrap(await openRun(reportsDir, runId, clock, { autoCheckpoints: false })),
    checkpoint: async (input: Parameters<typeof appendCheckpoint>[1]): Promise<void> => {
      await appendCheckpoint(reportsDir, input);
    },
    verifyLedger: async (): Promise<{ readonly ok: boolean; readonly problem?: string }> => {
      const result = await verifyLedger(reportsDir);
      return result.firstBad === undefined ? { ok: result.ok } : { ok: false, problem: `${result.firstBad.message} (${result.firstBad.reason})` };
    },
    recoverInterrupted: async (now: Date): Promise<readonly string[]> =>
      (await recoverInterruptedRuns(reportsDir, { now: () => now, monotonicMs: () => clock.monotonicMs() })).map((r) => r.runId),
  };
}
