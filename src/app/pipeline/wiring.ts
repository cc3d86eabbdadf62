// Node wiring of the pipeline: the real file system, clock, processes, git, evidence store,
// signer and the stage registry. The CLI and the dashboard both start runs through this.
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock } from '../../adapters/clock.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { NodeGit } from '../../adapters/git.js';
import { loadSigner } from '../../adapters/security/node-signer.js';
import { decideSigningGate } from '../../core/security/signing-gate.js';
import { fingerprint } from '../../core/security/signature.js';
import type { Signer } from '../../core/security/ports.js';
import { formatFinding } from '../../core/spec/findings.js';
import { buildResourceEstimates } from '../../core/spec/estimates.js';
import { readManifest } from '../evidence/index.js';
import { signRunDirectory } from '../security/sign.js';
import { writeSignedHead } from '../evidence/ledger-heads.js';
import { writeSignedProvenance } from '../security/provenance.js';
import { validateSpecs } from '../spec/validate.js';
import type { Project } from '../project.js';
import { fileEvidenceStore } from './evidence-store.js';
import type { PipelineDeps, Sealing } from './ports.js';
import { stageRegistry } from './registry.js';
import type { PipelineEvent, RunInfo, SpecSnapshot } from './stage.js';

/** Who started a run: SPECGATE_INITIATOR, else the OS user. Approvals must come from someone else. */
export function initiatorFrom(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = env.SPECGATE_INITIATOR?.trim();
  if (explicit) return explicit;
  return env.USER ?? env.LOGNAME ?? os.userInfo().username;
}

/** The reports folder of a project (config `reports`, relative to the root). */
export function reportsDirOf(project: Project): string {
  return path.resolve(project.root, project.config.reports);
}

export async function snapshotSpecs(project: Project, toolVersion: string, signal: AbortSignal): Promise<SpecSnapshot> {
  const { report, model } = await validateSpecs({ fs: new NodeFileSystem(), root: project.root, paths: project.config.features, mode: project.mode, toolVersion, signal });
  return {
    featureSha: report.featureSha,
    files: report.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    validationReport: report as unknown as Record<string, unknown>,
    resourceEstimates: buildResourceEstimates(model) as unknown as Record<string, unknown>,
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    findingLines: report.findings.map((f) => formatFinding(f)),
  };
}

async function gitState(root: string): Promise<{ commit: string | null; dirty: boolean; branch: string | null } | undefined> {
  const git = new NodeGit();
  let top: string;
  try {
    top = await git.topLevel(root);
  } catch {
    return undefined; // not a repository: the manifest says so with null fields
  }
  const commit = (await git.resolveCommit(top, 'HEAD')) ?? null;
  const branch = (await git.currentBranch(top)) ?? null;
  const status = await new NodeProcessRunner().run({ command: 'git', args: ['status', '--porcelain', '--untracked-files=normal'], cwd: root });
  return { commit, dirty: status.exitCode !== 0 || status.stdout.trim().length > 0, branch };
}

/** Loads the signing key and decides the signing gate; the seal runs after the manifest is final. */
async function prepareSealing(run: RunInfo, project: Project, env: Readonly<Record<string, string | undefined>>): Promise<Sealing> {
  const fs = new NodeFileSystem();
  const signer: Signer | undefined = await loadSigner({ fs, env, root: project.root, signing: project.config.signing });
  const gate = decideSigningGate(run.mode, signer !== undefined);
  if (!signer || !gate.sign) return { outcome: gate.outcome, reason: gate.reason, signing: null };
  return {
    outcome: gate.outcome,
    reason: gate.reason,
    signing: { publicKeyFingerprint: fingerprint(signer.publicKeyPem), algorithm: 'ecdsa-p256-sha256' },
    seal: async () => {
      const manifest = await readManifest(run.runDir);
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
        fs,
      );
      await signRunDirectory(run.runDir, signer, fs);
      // The signed head outlives the run folder (archive, deletion): truncation after it is caught.
      await writeSignedHead(run.reportsDir, await readManifest(run.runDir), signer, fs);
    },
  };
}

export async function nodePipelineDeps(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly version: string;
  readonly emit: (event: PipelineEvent) => void;
}): Promise<PipelineDeps> {
  return {
    fs: new NodeFileSystem(),
    clock: systemClock,
    processes: new NodeProcessRunner(),
    env: options.env,
    signal: options.signal,
    toolVersion: options.version,
    stages: await stageRegistry(),
    snapshotSpecs: (project) => snapshotSpecs(project, options.version, options.signal),
    openEvidence: (project) => fileEvidenceStore(reportsDirOf(project), systemClock),
    gitState,
    prepareSealing: (run, project) => prepareSealing(run, project, options.env),
    loadSigner: (project) => loadSigner({ fs: new NodeFileSystem(), env: options.env, root: project.root, signing: project.config.signing }),
    emit: options.emit,
  };
}
