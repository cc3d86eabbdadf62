// `specgate run`: claims a run, executes the selected stages in order with a `started` and an end
// checkpoint each, applies the mode's gates, pauses for approval before deploy in compliance mode,
// and always leaves a finished (or resumable) run: manifest, JUnit, provenance, signatures, latest.
// The steps live beside this file: run-session.ts (claim or resume), run-stages.ts (the loop),
// run-finish.ts (interrupt, hold, approval pause, seal).
import * as path from 'node:path';
import { ExitCode, InterruptedError } from '../../core/errors.js';
import { LEDGER_PATH, STAGE_NAMES } from '../../core/evidence/vocabulary.js';
import { selectStages } from '../../core/pipeline/select.js';
import { trustedPublicKey } from '../evidence/ledger-audit.js';
import { loadProject, type Project } from '../project.js';
import { redactingEmitter } from '../security/secrets.js';
import { StorageError, storageErrorOf } from '../../core/storage-errors.js';
import type { RunSession } from './run-session.js';
import { PipelineError } from './errors.js';
import type { EvidenceStore, RunEvidence } from './evidence-port.js';
import type { PipelineDeps, RunOptions, RunOutcome } from './ports.js';
import { finishInterrupted, finishRun } from './run-finish.js';
import { openSession } from './run-session.js';
import { runStages, type StagesEnd } from './run-stages.js';

export { PipelineError } from './errors.js';
export type { PipelineDeps, RunOptions, RunOutcome, Sealing } from './ports.js';

export async function runPipeline(pipelineDeps: PipelineDeps, options: RunOptions): Promise<RunOutcome> {
  const { project, store, reopened } = await openProject(pipelineDeps, options);
  // Every event leaves redacted (docs/security.md): stages emit through ctx.emit, which is deps.emit.
  const deps: PipelineDeps = { ...pipelineDeps, emit: redactingEmitter(pipelineDeps.emit, pipelineDeps.env, project.config) };
  const selected = selectStages(STAGE_NAMES, options);
  for (const w of project.warnings) {
    deps.emit({ type: 'finding', stage: 'preflight', severity: 'warning', text: `${w.file}:${w.line}:${w.column}: warning ${w.code} ${w.message}` });
  }
  if (project.mode === 'compliance') await requireVerifiedLedger(deps, store, project, options.cwd);
  await store.recoverInterrupted(deps.clock.now());
  const specs = await deps.snapshotSpecs(project);
  const session = await openSession(deps, options, { project, store, specs, reopened });
  try {
    let end: StagesEnd;
    try {
      end = await runStages(session, selected, options.hold === true);
    } catch (error) {
      if (!(error instanceof InterruptedError) && !deps.signal.aborted) throw error;
      return await finishInterrupted(session);
    }
    return await finishRun(session, end, options.hold === true);
  } catch (error) {
    const storage = storageErrorOf(error);
    if (storage === undefined) throw error;
    throw await closeOnStorageFailure(session, storage);
  }
}

/**
 * Disk full or failing mid-run: close the run as `interrupted` if the disk still takes the few
 * bytes that needs (the failing stage already gave back its partial log), and report the disk
 * problem either way. A run that cannot be closed now is closed by the next `specgate run`.
 */
async function closeOnStorageFailure(session: RunSession, storage: StorageError): Promise<StorageError> {
  try {
    await finishInterrupted(session);
    return storage;
  } catch {
    return new StorageError(storage.code, `${storage.message}; the run could not be closed either (the next \`specgate run\` closes it as interrupted)`, { ...(storage.path === undefined ? {} : { path: storage.path }), ...(storage.hint === undefined ? {} : { hint: storage.hint }), cause: storage });
  }
}

/** The project in the mode asked for; a resumed run keeps the mode it started in. */
async function openProject(deps: PipelineDeps, options: RunOptions): Promise<{ project: Project; store: EvidenceStore; reopened: RunEvidence | undefined }> {
  let project = await loadProject(deps.fs, options.cwd, options.mode);
  const store = deps.openEvidence(project);
  const reopened = options.resume === undefined ? undefined : await store.open(options.resume);
  if (reopened !== undefined && options.mode === undefined) {
    const { mode } = await reopened.manifest();
    if (mode !== project.mode) project = await loadProject(deps.fs, options.cwd, mode);
  }
  return { project, store, reopened };
}

/** docs/contracts.md §6: in compliance the ledger (chain, signed anchors, heads) is verified before the run starts; a broken one blocks. */
async function requireVerifiedLedger(deps: PipelineDeps, store: EvidenceStore, project: Project, cwd: string): Promise<void> {
  const configured = project.config.signing.publicKey;
  const publicKeyPem = await trustedPublicKey(deps.fs, { cwd, root: project.root, ...(configured === undefined ? {} : { configured }) });
  const ledger = await store.verifyLedger(publicKeyPem === undefined ? {} : { publicKeyPem });
  if (ledger.ok) return;
  throw new PipelineError('LEDGER_BROKEN', `the audit ledger does not verify: ${ledger.problem ?? 'unknown problem'}`, ExitCode.blocked, {
    path: path.join(path.relative(cwd, store.reportsDir) || '.', LEDGER_PATH),
    hint: "run 'specgate audit verify' for details; restore the ledger from a trusted copy before running in compliance mode",
  });
}
