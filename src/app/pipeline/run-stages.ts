// The stage loop of a run: each stage in the contract's order is skipped (with the reason recorded),
// held for a later --resume, stopped at the compliance approval gate, or run between a `started`
// and an end checkpoint. A failure decides what the following stages do (core/pipeline/status.ts).
import { InterruptedError, SpecgateError } from '../../core/errors.js';
import { storageErrorOf } from '../../core/storage-errors.js';
import { EVIDENCE_FILE, STAGE_NAMES, type StageName } from '../../core/evidence/vocabulary.js';
import { nextStageRuns } from '../../core/pipeline/status.js';
import { approvalsSatisfy, requestApproval } from './approval-gate.js';
import type { RunSession } from './run-session.js';
import type { Stage, StageResult } from './stage.js';

/** Why the loop ended early: a blocking stage, or a compliance run waiting for its approval. */
export type StagesEnd = 'blocked' | 'awaiting-approval' | undefined;

export async function runStages(session: RunSession, selected: readonly StageName[], hold: boolean): Promise<StagesEnd> {
  let stoppedBy: 'failure' | undefined;
  for (const name of STAGE_NAMES) {
    if (session.done.has(name)) continue; // resumed run: already recorded
    // Left for a later --resume, unless a failure already decided the run.
    if (hold && !selected.includes(name) && stoppedBy === undefined) continue;
    const stage = session.deps.stages.get(name);
    const skipReason = skipReasonOf(session, name, selected, stoppedBy, stage);
    if (skipReason !== undefined || stage === undefined) {
      await session.recordOutcome(name, { status: 'skipped', summary: skipReason ?? 'no stage module is registered', gates: [] }, session.deps.clock.now(), 0);
      continue;
    }
    if (name === 'deploy' && session.project.mode === 'compliance' && !(await passApprovalGate(session))) return 'awaiting-approval';
    const result = await runStage(session, name, stage);
    if (result.status === 'failure') stoppedBy = 'failure';
    if (result.status === 'blocked') return 'blocked';
  }
  return undefined;
}

function skipReasonOf(session: RunSession, name: StageName, selected: readonly StageName[], stoppedBy: 'failure' | undefined, stage: Stage | undefined): string | undefined {
  const mode = session.project.mode;
  if (!selected.includes(name)) return 'not selected for this run';
  if (!nextStageRuns(mode, stoppedBy, name)) return `skipped: an earlier stage failed${mode === 'compliance' ? ' (compliance fails fast)' : ''}`;
  if (stage === undefined) return 'no stage module is registered';
  return undefined;
}

/** Compliance deploys only with the required approvals; without them the run pauses and asks. */
async function passApprovalGate(session: RunSession): Promise<boolean> {
  const { deps, evidence, run, project } = session;
  const approvals = await approvalsSatisfy(deps.approvals, evidence, project);
  if (approvals.ok) {
    deps.emit({ type: 'gate', stage: 'deploy', decision: { gate: 'approval', outcome: 'pass', reason: approvals.reason } });
    return true;
  }
  const sealing = await deps.prepareSealing(run, project);
  await requestApproval(evidence, run, deps.clock.now(), sealing.signing?.publicKeyFingerprint ?? null);
  await evidence.setStatus('awaiting-approval');
  await session.checkpoint('deploy', 'blocked', EVIDENCE_FILE.approvalRequest);
  deps.emit({ type: 'gate', stage: 'deploy', decision: { gate: 'approval', outcome: 'block', reason: approvals.reason } });
  return false;
}

/** Runs one stage between its checkpoints; a typed error is the stage's failure, anything else a bug. */
async function runStage(session: RunSession, name: StageName, stage: Stage): Promise<StageResult> {
  const { deps } = session;
  if (deps.signal.aborted) throw new InterruptedError();
  deps.emit({ type: 'stage.started', stage: name });
  await session.checkpoint(name, 'started');
  const startedAt = deps.clock.now();
  const t0 = deps.clock.monotonicMs();
  let result: StageResult;
  try {
    result = await stage.run(session.context());
  } catch (error) {
    if (deps.signal.aborted) throw new InterruptedError(`interrupted during ${name}`);
    // A full or failing disk ends the run (closed as interrupted), it is not this stage's verdict.
    if (!(error instanceof SpecgateError) || storageErrorOf(error) !== undefined) throw error;
    result = { status: 'failure', summary: error.message, gates: [] };
  }
  if (deps.signal.aborted) throw new InterruptedError(`interrupted during ${name}`);
  await session.recordOutcome(name, result, startedAt, deps.clock.monotonicMs() - t0);
  return result;
}
