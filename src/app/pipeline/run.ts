// `specgate run`: claims a run, executes the selected stages in order with a `started` and an end
// checkpoint each, applies the mode's gates, pauses for approval before deploy in compliance mode,
// and always leaves a finished (or resumable) run: manifest, JUnit, provenance, signatures, latest.
import * as path from 'node:path';
import type { Signer } from '../../core/security/ports.js';
import type { Mode } from '../../core/config/schema.js';
import { ExitCode, InterruptedError, SpecgateError, type ErrorDetails } from '../../core/errors.js';
import { renderJUnit, type JUnitStage } from '../../core/pipeline/junit.js';
import { selectStages, type StageSelection } from '../../core/pipeline/select.js';
import { exitCodeForRun, nextStageRuns, runStatusOf } from '../../core/pipeline/status.js';
import type { Clock, FileSystem, ProcessRunner } from '../../core/ports.js';
import { loadProject, type Project } from '../project.js';
import { redactingEmitter, withoutSecrets } from '../security/secrets.js';
import { trustedPublicKey } from '../evidence/ledger-audit.js';
import type { EvidenceStore, RunEvidence } from './evidence-port.js';
import { requestApproval, approvalsSatisfy } from './approval-gate.js';
import { type PipelineEvent, type RunInfo, type SpecSnapshot, type Stage, type StageContext, type StageResult } from './stage.js';
import { EVIDENCE_FILE, LEDGER_PATH, type RunStatus, STAGE_NAMES, type StageName } from '../../core/evidence/vocabulary.js';

export class PipelineError extends SpecgateError<'LEDGER_BROKEN' | 'RESUME_INVALID' | 'NOT_RESUMABLE'> {
  readonly domain = 'pipeline';
  constructor(code: PipelineError['code'], message: string, exitCode: 2 | 3, details: ErrorDetails = {}) {
    super(code, message, exitCode, details);
  }
}

export interface PipelineDeps {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly processes: ProcessRunner;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly toolVersion: string;
  readonly stages: ReadonlyMap<StageName, Stage>;
  /** Reads and validates the spec set (preflight's rules) once per run. */
  readonly snapshotSpecs: (project: Project) => Promise<SpecSnapshot>;
  readonly openEvidence: (project: Project) => EvidenceStore;
  /** git commit and dirty flag of the project, or undefined outside a repository. */
  readonly gitState: (root: string) => Promise<{ commit: string | null; dirty: boolean; branch: string | null } | undefined>;
  /** Loads the signing key and decides the signing gate (docs/contracts.md §6) before the manifest is final. */
  readonly prepareSealing: (run: RunInfo, project: Project) => Promise<Sealing>;
  /** The run's signing key for a stage that signs something itself (the image signature); the key never enters stage env. */
  readonly loadSigner?: (project: Project) => Promise<Signer | undefined>;
  readonly emit: (event: PipelineEvent) => void;
}

export interface Sealing {
  /** Gate decision on signing: compliance without a key fails the run, sandbox warns. */
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly reason: string;
  /** Recorded in the manifest before it is final; null when the run stays unsigned. */
  readonly signing: { readonly publicKeyFingerprint: string; readonly algorithm: string } | null;
  /** Writes provenance and a signature for every artifact and the final manifest. */
  readonly seal?: () => Promise<void>;
}

export interface RunOptions extends StageSelection {
  readonly cwd: string;
  readonly mode?: Mode;
  readonly resume?: string;
  /**
   * Leave the run open (`paused`) after the selected stages instead of recording the others as
   * skipped, so a later `--resume` (e.g. the next CI job) continues the same run and chain.
   */
  readonly hold?: boolean;
  readonly initiator: string;
}

export interface RunOutcome {
  readonly runId: string;
  readonly featureSha: string;
  readonly runDir: string;
  readonly status: RunStatus;
  readonly exitCode: number;
}

export async function runPipeline(pipelineDeps: PipelineDeps, options: RunOptions): Promise<RunOutcome> {
  let project = await loadProject(pipelineDeps.fs, options.cwd, options.mode);
  // Every event leaves redacted (docs/security.md): stages emit through ctx.emit, which is deps.emit.
  const deps: PipelineDeps = { ...pipelineDeps, emit: redactingEmitter(pipelineDeps.emit, pipelineDeps.env, project.config) };
  const store = deps.openEvidence(project);
  const reopened = options.resume === undefined ? undefined : await store.open(options.resume);
  if (reopened !== undefined && options.mode === undefined) {
    // A resumed run keeps the mode it started in.
    const { mode } = await reopened.manifest();
    if (mode !== project.mode) project = await loadProject(deps.fs, options.cwd, mode);
  }
  const selected = selectStages(STAGE_NAMES, options);
  for (const w of project.warnings) {
    deps.emit({ type: 'finding', stage: 'preflight', severity: 'warning', text: `${w.file}:${w.line}:${w.column}: warning ${w.code} ${w.message}` });
  }
  if (project.mode === 'compliance') {
    // docs/contracts.md §6: in compliance the ledger (chain, signed anchors, heads) is verified before the run starts; a broken one blocks.
    const publicKeyPem = await trustedPublicKey(deps.fs, { cwd: options.cwd, root: project.root, ...(project.config.signing.publicKey === undefined ? {} : { configured: project.config.signing.publicKey }) });
    const ledger = await store.verifyLedger(publicKeyPem === undefined ? {} : { publicKeyPem });
    if (!ledger.ok) {
      throw new PipelineError('LEDGER_BROKEN', `the audit ledger does not verify: ${ledger.problem ?? 'unknown problem'}`, ExitCode.blocked, {
        path: path.join(path.relative(options.cwd, store.reportsDir) || '.', LEDGER_PATH),
        hint: "run 'specgate audit verify' for details; restore the ledger from a trusted copy before running in compliance mode",
      });
    }
  }
  await store.recoverInterrupted(deps.clock.now());

  const specs = await deps.snapshotSpecs(project);
  const resumed = reopened === undefined ? undefined : await checkResumable(reopened, specs, project);
  const evidence =
    resumed ??
    (await store.claim({
      featureSha: specs.featureSha,
      mode: project.mode,
      initiator: options.initiator,
      startedAt: deps.clock.now(),
      toolVersion: deps.toolVersion,
      git: await deps.gitState(project.root),
      specFiles: specs.files,
    }));
  const manifest = await evidence.manifest();
  const run: RunInfo = {
    runId: evidence.runId,
    featureSha: specs.featureSha,
    mode: project.mode,
    projectRoot: project.root,
    reportsDir: store.reportsDir,
    runDir: evidence.runDir,
    initiator: manifest.initiator,
    startedAt: new Date(manifest.startedAt),
    toolVersion: deps.toolVersion,
  };
  const checkpoint = async (stage: StageName | 'run', status: Parameters<EvidenceStore['checkpoint']>[0]['status'], artifact = '-'): Promise<void> => {
    await store.checkpoint({ time: deps.clock.now(), runId: run.runId, featureSha: run.featureSha, stage, status, artifact });
  };
  /** A `run` checkpoint whose position goes into the manifest as the opened or sealed anchor. */
  const anchoredCheckpoint = async (which: 'opened' | 'sealed', status: Parameters<EvidenceStore['checkpoint']>[0]['status'], artifact: string): Promise<void> => {
    const anchor = await store.checkpoint({ time: deps.clock.now(), runId: run.runId, featureSha: run.featureSha, stage: 'run', status, artifact }, { anchor: true });
    if (anchor !== undefined) await evidence.setLedgerAnchor(which, anchor);
  };

  deps.emit({ type: 'run.started', runId: run.runId, featureSha: run.featureSha, mode: run.mode, runDir: run.runDir });
  if (resumed) await evidence.setStatus('running');
  else await anchoredCheckpoint('opened', 'started', '-');

  const done = new Set(manifest.stages.filter((s) => s.status !== 'blocked').map((s) => s.name));
  const results = new Map<StageName, StageResult>();
  let stoppedBy: 'failure' | undefined;
  let finalStatus: RunStatus | undefined;

  const stageEnv = withoutSecrets(deps.env, project.config);
  const context = (): StageContext => ({
    run,
    specs,
    config: project.config,
    fs: deps.fs,
    clock: deps.clock,
    processes: deps.processes,
    // Stages hand env to project commands and services: the signing secrets never go with it.
    env: stageEnv,
    signal: deps.signal,
    writeArtifact: (name, content, mediaType) => evidence.writeArtifact(name, content, mediaType),
    readArtifact: (name) => evidence.readArtifact(name),
    ...(deps.loadSigner === undefined ? {} : { signer: () => deps.loadSigner?.(project) ?? Promise.resolve(undefined) }),
    emit: deps.emit,
    previous: results,
  });

  try {
    for (const name of STAGE_NAMES) {
      if (done.has(name)) continue; // resumed run: already recorded
      // Left for a later --resume, unless a failure already decided the run.
      if (options.hold && !selected.includes(name) && stoppedBy === undefined) continue;
      const stage = deps.stages.get(name);
      const skipReason = !selected.includes(name)
        ? 'not selected for this run'
        : !nextStageRuns(project.mode, stoppedBy, name)
          ? `skipped: an earlier stage failed${project.mode === 'compliance' ? ' (compliance fails fast)' : ''}`
          : stage === undefined
            ? 'no stage module is registered'
            : undefined;
      if (skipReason !== undefined) {
        await recordOutcome(name, { status: 'skipped', summary: skipReason, gates: [] }, deps.clock.now(), 0);
        continue;
      }
      if (name === 'deploy' && project.mode === 'compliance') {
        const approvals = await approvalsSatisfy(evidence, project);
        if (!approvals.ok) {
          const sealing = await deps.prepareSealing(run, project);
          await requestApproval(evidence, run, deps.clock.now(), sealing.signing?.publicKeyFingerprint ?? null);
          await evidence.setStatus('awaiting-approval');
          await checkpoint('deploy', 'blocked', EVIDENCE_FILE.approvalRequest);
          deps.emit({ type: 'gate', stage: 'deploy', decision: { gate: 'approval', outcome: 'block', reason: approvals.reason } });
          finalStatus = 'awaiting-approval';
          break;
        }
        deps.emit({ type: 'gate', stage: 'deploy', decision: { gate: 'approval', outcome: 'pass', reason: approvals.reason } });
      }
      if (deps.signal.aborted) throw new InterruptedError();
      deps.emit({ type: 'stage.started', stage: name });
      await checkpoint(name, 'started');
      const startedAt = deps.clock.now();
      const t0 = deps.clock.monotonicMs();
      let result: StageResult;
      try {
        result = await stage!.run(context());
      } catch (error) {
        if (deps.signal.aborted) throw new InterruptedError(`interrupted during ${name}`);
        if (!(error instanceof SpecgateError)) throw error;
        result = { status: 'failure', summary: error.message, gates: [] };
      }
      if (deps.signal.aborted) throw new InterruptedError(`interrupted during ${name}`);
      await recordOutcome(name, result, startedAt, deps.clock.monotonicMs() - t0);
      if (result.status === 'failure') stoppedBy = 'failure';
      if (result.status === 'blocked') {
        finalStatus = 'blocked';
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof InterruptedError) && !deps.signal.aborted) throw error;
    // docs/contracts.md §8: interrupted runs are recorded and exit 130; nothing half-written is left.
    await writeJUnit(evidence, run);
    await anchoredCheckpoint('sealed', 'interrupted', '-');
    await evidence.finish('interrupted');
    await evidence.publishLatest();
    deps.emit({ type: 'run.finished', runId: run.runId, status: 'interrupted', exitCode: ExitCode.interrupted, runDir: run.runDir });
    return { runId: run.runId, featureSha: run.featureSha, runDir: run.runDir, status: 'interrupted', exitCode: ExitCode.interrupted };
  }

  await writeJUnit(evidence, run);
  const recorded = new Set((await evidence.manifest()).stages.map((s) => s.name));
  if (finalStatus === undefined && options.hold && STAGE_NAMES.some((s) => !recorded.has(s))) {
    // Held open for the next job: not finished, not sealed, `latest` untouched.
    await evidence.setStatus('paused');
    deps.emit({ type: 'run.finished', runId: run.runId, status: 'paused', exitCode: ExitCode.ok, runDir: run.runDir });
    return { runId: run.runId, featureSha: run.featureSha, runDir: run.runDir, status: 'paused', exitCode: ExitCode.ok };
  }
  if (finalStatus === 'awaiting-approval') {
    // Paused, not finished: `latest` keeps pointing at the last finished run.
    deps.emit({ type: 'run.finished', runId: run.runId, status: finalStatus, exitCode: ExitCode.blocked, runDir: run.runDir });
    return { runId: run.runId, featureSha: run.featureSha, runDir: run.runDir, status: finalStatus, exitCode: ExitCode.blocked };
  }

  const sealing = await deps.prepareSealing(run, project);
  deps.emit({ type: 'gate', stage: 'audit', decision: { gate: 'signatures', outcome: sealing.outcome, reason: sealing.reason } });
  await evidence.setSigning(sealing.signing);
  const stageStatuses = (await evidence.manifest()).stages.map((s) => s.status);
  let status = finalStatus === 'blocked' ? 'blocked' : runStatusOf(stageStatuses.filter((s): s is Exclude<typeof s, 'interrupted'> => s !== 'interrupted'));
  if (sealing.outcome === 'fail' && status !== 'blocked') status = 'failure';
  else if (sealing.outcome === 'warn' && status === 'success') status = 'warning';
  // The end checkpoint first, so the final (signed) manifest anchors the ledger up to its own end.
  await anchoredCheckpoint('sealed', status, EVIDENCE_FILE.manifest);
  await evidence.finish(status);
  // Signatures cover the final manifest; `latest` moves only once the run is complete and sealed.
  await sealing.seal?.();
  await evidence.publishLatest();
  const exitCode = exitCodeForRun(status);
  deps.emit({ type: 'run.finished', runId: run.runId, status, exitCode, runDir: run.runDir });
  return { runId: run.runId, featureSha: run.featureSha, runDir: run.runDir, status, exitCode };

  async function recordOutcome(name: StageName, result: StageResult, startedAt: Date, durationMs: number): Promise<void> {
    results.set(name, result);
    for (const decision of result.gates) deps.emit({ type: 'gate', stage: name, decision });
    await evidence.recordStage({
      name,
      status: result.status,
      startedAt,
      endedAt: deps.clock.now(),
      summary: result.summary,
      ...(result.artifact === undefined ? {} : { artifact: result.artifact }),
      gates: result.gates,
    });
    await checkpoint(name, result.status, result.artifact ?? '-');
    deps.emit({ type: 'stage.finished', stage: name, status: result.status, durationMs, summary: result.summary });
  }
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

async function checkResumable(evidence: RunEvidence, specs: SpecSnapshot, project: Project): Promise<RunEvidence> {
  const manifest = await evidence.manifest();
  const runId = manifest.runId;
  if (manifest.status !== 'awaiting-approval' && manifest.status !== 'paused') {
    throw new PipelineError('NOT_RESUMABLE', `run ${runId} is '${manifest.status}', neither paused nor awaiting approval`, ExitCode.usage, {
      hint: "only a run held open with --hold or paused at the approval gate can be resumed; start a new run with 'specgate run'",
    });
  }
  if (manifest.featureSha !== specs.featureSha) {
    throw new PipelineError('RESUME_INVALID', `the specs changed since run ${runId} (feature SHA ${manifest.featureSha} → ${specs.featureSha})`, ExitCode.blocked, {
      hint: 'an approval covers exactly the specs it saw; start a new run',
    });
  }
  if (manifest.mode !== project.mode) {
    throw new PipelineError('RESUME_INVALID', `run ${runId} ran in ${manifest.mode} mode, not ${project.mode}`, ExitCode.usage, {
      hint: `resume with --mode ${manifest.mode}`,
    });
  }
  return evidence;
}
