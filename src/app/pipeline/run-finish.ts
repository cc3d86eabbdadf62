// How a run ends: interrupted (recorded, exit 130), held open for the next job (`paused`), paused
// at the approval gate, or finished and sealed — the end checkpoint first, then the final
// manifest, the signatures, and only then `latest`.
import { ExitCode } from '../../core/errors.js';
import { EVIDENCE_FILE, STAGE_NAMES, type StageOutcome } from '../../core/evidence/vocabulary.js';
import { renderJUnit, type JUnitStage } from '../../core/pipeline/junit.js';
import { exitCodeForRun, runStatusOf } from '../../core/pipeline/status.js';
import type { RunEvidence } from './evidence-port.js';
import type { RunOutcome, Sealing } from './ports.js';
import type { RunSession } from './run-session.js';
import type { StagesEnd } from './run-stages.js';
import type { RunInfo } from './stage.js';

/** docs/contracts.md §8: interrupted runs are recorded and exit 130; nothing half-written is left. */
export async function finishInterrupted(session: RunSession): Promise<RunOutcome> {
  const { evidence, run } = session;
  await writeJUnit(evidence, run);
  await session.anchoredCheckpoint('sealed', 'interrupted', '-');
  await evidence.finish('interrupted');
  await evidence.publishLatest();
  return session.finished('interrupted', ExitCode.interrupted);
}

export async function finishRun(session: RunSession, end: StagesEnd, hold: boolean): Promise<RunOutcome> {
  const { evidence } = session;
  await writeJUnit(evidence, session.run);
  const recorded = new Set((await evidence.manifest()).stages.map((s) => s.name));
  if (end === undefined && hold && STAGE_NAMES.some((s) => !recorded.has(s))) {
    // Held open for the next job: not finished, not sealed, `latest` untouched.
    await evidence.setStatus('paused');
    return session.finished('paused', ExitCode.ok);
  }
  // Paused, not finished: `latest` keeps pointing at the last finished run.
  if (end === 'awaiting-approval') return session.finished(end, ExitCode.blocked);
  return sealRun(session, end);
}

async function sealRun(session: RunSession, end: 'blocked' | undefined): Promise<RunOutcome> {
  const { deps, evidence, run, project } = session;
  const sealing = await deps.prepareSealing(run, project);
  deps.emit({ type: 'gate', stage: 'audit', decision: { gate: 'signatures', outcome: sealing.outcome, reason: sealing.reason } });
  await evidence.setSigning(sealing.signing);
  const status = await finalStatus(evidence, end, sealing);
  // The end checkpoint first, so the final (signed) manifest anchors the ledger up to its own end.
  await session.anchoredCheckpoint('sealed', status, EVIDENCE_FILE.manifest);
  await evidence.finish(status);
  // Signatures cover the final manifest; `latest` moves only once the run is complete and sealed.
  await sealing.seal?.();
  await evidence.publishLatest();
  return session.finished(status, exitCodeForRun(status));
}

/** The stages decide the status; a failed signing gate fails the run and a warning downgrades success. */
async function finalStatus(evidence: RunEvidence, end: 'blocked' | undefined, sealing: Sealing): Promise<Exclude<StageOutcome, 'skipped'>> {
  const stageStatuses = (await evidence.manifest()).stages.map((s) => s.status);
  let status: Exclude<StageOutcome, 'skipped'> = end === 'blocked' ? 'blocked' : runStatusOf(stageStatuses.filter((s): s is Exclude<typeof s, 'interrupted'> => s !== 'interrupted'));
  if (sealing.outcome === 'fail' && status !== 'blocked') status = 'failure';
  else if (sealing.outcome === 'warn' && status === 'success') status = 'warning';
  return status;
}

/** JUnit XML of every stage the run has recorded so far (all jobs of a resumed run included). */
async function writeJUnit(evidence: RunEvidence, run: RunInfo): Promise<void> {
  const stages: JUnitStage[] = (await evidence.manifest()).stages.map((s) => ({
    name: s.name,
    status: s.status === 'interrupted' ? 'failure' : s.status,
    durationMs: Math.max(0, Date.parse(s.endedAt) - Date.parse(s.startedAt)),
    summary: s.summary,
    details: s.gates.map((g) => `${g.gate}: ${g.outcome} — ${g.reason}`),
  }));
  await evidence.writeArtifact(EVIDENCE_FILE.junit, renderJUnit({ name: `specgate run ${run.runId}`, timestamp: run.startedAt.toISOString(), stages }), 'application/xml');
}
