// One run in progress: the project, its evidence and ledger, and the small operations every step of
// the runner shares (checkpoints, recording a stage outcome, the context a stage receives, the
// `run.finished` event). Opening a session claims a new run or reopens one held open or paused.
import { ExitCode } from '../../core/errors.js';
import type { RunStatus, StageName, StageOutcome } from '../../core/evidence/vocabulary.js';
import type { Project } from '../project.js';
import { withoutSecrets } from '../security/secrets.js';
import { PipelineError } from './errors.js';
import type { EvidenceStore, RunEvidence } from './evidence-port.js';
import type { PipelineDeps, RunOptions, RunOutcome } from './ports.js';
import type { RunInfo, SpecSnapshot, StageContext, StageResult } from './stage.js';

type CheckpointStatus = Parameters<EvidenceStore['checkpoint']>[0]['status'];

export interface RunSession {
  readonly deps: PipelineDeps;
  readonly project: Project;
  readonly store: EvidenceStore;
  readonly evidence: RunEvidence;
  readonly run: RunInfo;
  /** Stages a resumed run already recorded (a blocked approval gate is re-tried). */
  readonly done: ReadonlySet<StageName>;
  checkpoint(stage: StageName | 'run', status: CheckpointStatus, artifact?: string): Promise<void>;
  /** A `run` checkpoint whose position goes into the manifest as the opened or sealed anchor. */
  anchoredCheckpoint(which: 'opened' | 'sealed', status: CheckpointStatus, artifact: string): Promise<void>;
  recordOutcome(name: StageName, result: StageResult, startedAt: Date, durationMs: number): Promise<void>;
  context(): StageContext;
  /** Emits `run.finished` and returns the outcome. */
  finished(status: RunStatus, exitCode: number): RunOutcome;
}

export interface SessionInput {
  readonly project: Project;
  readonly store: EvidenceStore;
  readonly specs: SpecSnapshot;
  /** The run named by --resume, if any. */
  readonly reopened: RunEvidence | undefined;
}

export async function openSession(deps: PipelineDeps, options: RunOptions, input: SessionInput): Promise<RunSession> {
  const { project, store, specs, reopened } = input;
  const resumed = reopened === undefined ? undefined : await checkResumable(reopened, specs, project);
  const evidence = resumed ?? (await claimRun(deps, options, input));
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
  const done = new Set(manifest.stages.filter((s) => s.status !== 'blocked').map((s) => s.name));
  const session = createSession(deps, input, evidence, run, done);
  deps.emit({ type: 'run.started', runId: run.runId, featureSha: run.featureSha, mode: run.mode, runDir: run.runDir });
  if (resumed) replayRecorded(deps, manifest.stages, done);
  if (resumed) await evidence.setStatus('running');
  else await session.anchoredCheckpoint('opened', 'started', '-');
  return session;
}

/** A resumed run shows the stages earlier jobs finished, so progress starts from where the run stands. */
function replayRecorded(deps: PipelineDeps, stages: readonly { readonly name: string; readonly status: string; readonly startedAt: string; readonly endedAt: string; readonly summary?: string }[], done: ReadonlySet<string>): void {
  for (const s of stages) {
    if (!done.has(s.name)) continue;
    const durationMs = Math.max(0, Date.parse(s.endedAt) - Date.parse(s.startedAt)) || 0;
    deps.emit({ type: 'stage.finished', stage: s.name as StageName, status: s.status as StageOutcome, durationMs, summary: s.summary ?? '', resumed: true });
  }
}

async function claimRun(deps: PipelineDeps, options: RunOptions, { project, store, specs }: SessionInput): Promise<RunEvidence> {
  return store.claim({
    featureSha: specs.featureSha,
    mode: project.mode,
    initiator: options.initiator,
    startedAt: deps.clock.now(),
    toolVersion: deps.toolVersion,
    git: await deps.gitState(project.root),
    specFiles: specs.files,
  });
}

function createSession(deps: PipelineDeps, { project, store, specs }: SessionInput, evidence: RunEvidence, run: RunInfo, done: ReadonlySet<StageName>): RunSession {
  const results = new Map<StageName, StageResult>();
  // Stages hand env to project commands and services: the signing secrets never go with it.
  const stageEnv = withoutSecrets(deps.env, project.config);
  const checkpoint: RunSession['checkpoint'] = async (stage, status, artifact = '-') => {
    await store.checkpoint({ time: deps.clock.now(), runId: run.runId, featureSha: run.featureSha, stage, status, artifact });
  };
  return {
    deps, project, store, evidence, run, done, checkpoint,
    async anchoredCheckpoint(which, status, artifact) {
      const anchor = await store.checkpoint({ time: deps.clock.now(), runId: run.runId, featureSha: run.featureSha, stage: 'run', status, artifact }, { anchor: true });
      if (anchor !== undefined) await evidence.setLedgerAnchor(which, anchor);
    },
    async recordOutcome(name, result, startedAt, durationMs) {
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
    },
    context: () => ({
      run,
      specs,
      config: project.config,
      fs: deps.fs,
      clock: deps.clock,
      processes: deps.processes,
      env: stageEnv,
      signal: deps.signal,
      writeArtifact: (name, content, mediaType) => evidence.writeArtifact(name, content, mediaType),
      readArtifact: (name) => evidence.readArtifact(name),
      ...(deps.loadSigner === undefined ? {} : { signer: () => deps.loadSigner?.(project) ?? Promise.resolve(undefined) }),
      emit: deps.emit,
      previous: results,
    }),
    finished(status, exitCode) {
      deps.emit({ type: 'run.finished', runId: run.runId, status, exitCode, runDir: run.runDir });
      return { runId: run.runId, featureSha: run.featureSha, runDir: run.runDir, status, exitCode };
    },
  };
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
