// The runner's EvidenceStore over the run store and ledger of src/app/evidence. The runner
// appends its own checkpoints (autoCheckpoints off) so the ledger order is decided in one place.
// The run store, ledger and locks are the evidence ports; src/cli/compose-evidence.ts wires them.
import * as path from 'node:path';
import type { Clock, FileSystem } from '../../core/ports.js';
import type { Manifest } from '../../core/evidence/manifest.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import { openRun, recoverInterruptedRuns, startRun, type RunRecorder } from '../evidence/index.js';
import { isRunId } from '../../core/evidence/run-id.js';
import { EvidenceError } from '../../core/evidence/errors.js';
import { auditLedger } from '../evidence/ledger-audit.js';
import type { Approval, EvidenceStore, RunEvidence, RunManifestView } from './evidence-port.js';
import type { GateDecision } from './stage.js';
import type { StageName } from '../../core/evidence/vocabulary.js';

function view(m: Manifest): RunManifestView {
  return {
    runId: m.runId,
    featureSha: m.featureSha,
    mode: m.mode,
    initiator: m.initiator,
    status: m.status,
    startedAt: m.startedAt,
    stages: m.stages.map((s) => ({
      name: s.name as StageName,
      status: s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      summary: s.summary ?? '',
      gates: (s.gates ?? []).map((g) => ({ gate: g.gate, outcome: g.outcome as GateDecision['outcome'], reason: g.reason })),
    })),
    approvals: m.approvals.filter((a): a is Record<string, unknown> & Approval => typeof a.by === 'string' && typeof a.requestDigest === 'string'),
  };
}

function wrap(recorder: RunRecorder): RunEvidence {
  return {
    runId: recorder.runId,
    runDir: recorder.runDir,
    writeArtifact: async (name, content, mediaType) => {
      await recorder.writeArtifact(name, content, mediaType);
    },
    readArtifact: (name) => recorder.readArtifact(name),
    recordStage: (r) =>
      recorder.recordStage({
        name: r.name,
        status: r.status,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        summary: r.summary,
        ...(r.artifact === undefined ? {} : { artifact: r.artifact }),
        gates: r.gates,
      }),
    setStatus: async (status) => {
      if (status !== 'running' && status !== 'awaiting-approval' && status !== 'paused') throw new Error(`setStatus(${status}): use finish()`);
      await recorder.setStatus(status);
    },
    addApproval: (approval) => recorder.addApproval({ ...approval }),
    setLedgerAnchor: (which, anchor) => recorder.setLedgerAnchor(which, anchor),
    setSigning: async (signing) => {
      if (signing !== null) await recorder.setSigning(signing);
    },
    manifest: () => Promise.resolve(view(recorder.manifest)),
    finish: async (status) => {
      if (status === 'running' || status === 'paused') throw new Error(`finish(${status}) is not a final status`);
      await recorder.finish(status);
    },
    publishLatest: () => recorder.publishLatest(),
  };
}

/** The evidence ports plus the files an audit reads (manifests, signed heads). */
export type EvidenceStorePorts = EvidencePorts & { readonly fs: FileSystem };

export function fileEvidenceStore(ports: EvidenceStorePorts, reportsDir: string, clock: Clock): EvidenceStore {
  return {
    reportsDir,
    claim: async (init) =>
      wrap(
        await startRun(ports, {
          reportsDir,
          featureSha: init.featureSha,
          mode: init.mode,
          initiator: init.initiator,
          git: init.git ?? { commit: null, dirty: null },
          toolVersion: init.toolVersion,
          clock,
          startedAt: init.startedAt,
          recover: false,
          specFiles: init.specFiles,
          autoCheckpoints: false,
        }),
      ),
    open: async (runId) => wrap(await openRun(ports, reportsDir, runId, clock, { autoCheckpoints: false })),
    checkpoint: async (input, options) => (await ports.ledger.append(reportsDir, [input], { anchor: options?.anchor === true })).anchor,
    verifyLedger: async (options) => {
      const audit = await auditLedger(ports, reportsDir, options?.publicKeyPem === undefined ? {} : { publicKeyPem: options.publicKeyPem });
      if (audit.ok) return { ok: true };
      const bad = audit.chain.firstBad;
      const anchor = audit.anchors.problems[0];
      return { ok: false, problem: bad ? `line ${bad.line}: ${bad.message}` : anchor ? anchor.message : 'broken chain' };
    },
    exclusive: (runId, work) => {
      // The id names a lock file: never let it be a path.
      if (!isRunId(runId)) throw new EvidenceError('RUN_ID_INVALID', `'${runId}' is not a run id`, { hint: 'a run id is YYYYMMDDHHMMSS or YYYYMMDDHHMMSS-N, as `specgate runs` lists' });
      return ports.locks.withLock(path.join(reportsDir, 'audit', '.locks', `run-${runId}.lock`), work);
    },
    recoverInterrupted: async () => (await recoverInterruptedRuns(ports, reportsDir, clock)).map((r) => r.runId),
  };
}
