// specgate's library API: what scripts, other tools and the dashboard may import. Everything not
// exported here is internal and may change without notice. Named exports only.

// Errors and exit codes (docs/contracts.md §8)
export { ExitCode, SpecgateError, UsageError, InterruptedError, InternalError, exitCodeOf, formatError, isSpecgateError } from './core/errors.js';
export type { ExitCodeValue, ErrorDetails } from './core/errors.js';
// One class per failure domain, each with a closed union of codes (docs/contracts.md §8).
export { SpecError } from './core/spec/errors.js';
export { EvidenceError } from './core/evidence/errors.js';
export { KeyError, VerificationError, SbomError, ApprovalError } from './core/security/errors.js';
export { DeployError } from './core/deploy/errors.js';
export { ReportError } from './core/report/errors.js';
export { ImageError } from './core/image/errors.js';
export { GenerateError } from './core/generate/errors.js';
export { StoreError } from './core/store/errors.js';
export { StorageError } from './core/storage-errors.js';
export { InitError } from './app/init/init.js';
export { DashboardError } from './server/start.js';

// Ports (docs/ARCHITECTURE.md) and their Node adapters
export type { Clock, FileSystem, FileInfo, ProcessRunner, ProcessSpec, ProcessResult } from './core/ports.js';
export type { Git } from './core/branch/ports.js';
export type { Signer } from './core/security/ports.js';
export type { DeployTarget, HealthProbe } from './core/deploy/ports.js';
export { NodeFileSystem, writeFileAtomic } from './adapters/node-fs.js';
export { systemClock, fixedClock } from './adapters/clock.js';
export { NodeProcessRunner } from './adapters/process-runner.js';
export { NodeGit } from './adapters/git.js';

// Configuration
export { configSchema } from './core/config/schema.js';
export type { SpecgateConfig, Mode } from './core/config/schema.js';
export { parseConfig, defaultConfig } from './core/config/parse.js';
export type { ConfigProblem, ParsedConfig } from './core/config/parse.js';
export { loadProject, findProjectRoot, ConfigError } from './app/project.js';
export type { Project } from './app/project.js';

// Specs: preflight rules, feature SHA, budgets (docs/contracts.md §1–§2)
export { validateSpecs } from './app/spec/validate.js';
export { identifySpecs } from './app/spec/identify.js';
export { analyseSpecFile } from './core/spec/analyse.js';
export { FINDING_CODES, formatFinding, formatSummary } from './core/spec/findings.js';
export type { Finding, FindingCode, Severity } from './core/spec/findings.js';
export type { SpecValidationReport } from './core/spec/report.js';
export type { SpecModel } from './core/spec/model.js';
export { buildResourceEstimates } from './core/spec/estimates.js';
export type { ResourceEstimates } from './core/spec/estimates.js';
export { featureSha, specManifest, specBranchName } from './core/spec/feature-sha.js';

// Pipeline
export { runPipeline, PipelineError } from './app/pipeline/run.js';
export type { PipelineDeps, RunOptions, RunOutcome } from './app/pipeline/run.js';
export { nodePipelineDeps } from './cli/compose.js';
export type { Stage, StageContext, StageResult, GateDecision, PipelineEvent } from './app/pipeline/stage.js';
export { approveRun } from './app/pipeline/approve.js';
export { fileEvidenceStore } from './cli/compose-evidence.js';
export { coverageGate, coverageReaders } from './core/coverage/index.js';

// Evidence store and ledger (docs/contracts.md §3–§5): the vocabulary, then the store
export {
  STAGE_NAMES,
  LEDGER_STAGES,
  STAGE_OUTCOMES,
  STAGE_STATUSES,
  RUN_STATUSES,
  LEDGER_STATUSES,
  EVIDENCE_FILE,
  AUDIT_DIR,
  LEDGER_FILE_NAME,
  LEDGER_PATH,
} from './core/evidence/vocabulary.js';
export type { StageName, LedgerStage, StageOutcome, StageStatus, RunStatus, FinalRunStatus, LedgerStatus, EvidenceFileName } from './core/evidence/vocabulary.js';
// The evidence use cases wired to Node (src/cli/compose-evidence.ts); the port-taking versions and
// the ports themselves for custom wiring.
export {
  startRun,
  openRun,
  readManifest,
  readLatest,
  appendCheckpoint,
  verifyLedger,
  readCheckpoints,
  recoverInterruptedRuns,
  archiveRuns,
  listRuns,
  findRunDir,
  evidenceUseCases,
  nodeEvidencePorts,
} from './cli/compose-evidence.js';
export { RunRecorder } from './app/evidence/index.js';
export type { EvidencePorts, RunFolders, Ledger, RunOwners, Locks } from './core/evidence/ports.js';

// Spec branches, init, CI export
// Wired with real git (src/cli/compose-branch.ts): same signatures as the use cases had.
export { publishSpecBranch, inspectSpecBranch, exportGithubWorkflow } from './cli/compose-branch.js';
export type { BranchOutcome } from './app/branch/publish.js';
export { BranchError, BranchConflictError } from './core/branch/errors.js';
export { initProject } from './app/init/init.js';

// Generation and scenarios
export { generateProject } from './app/generate/generate-project.js';
export { runExternalGenerator } from './app/generate/external.js';
export { runScenarios } from './cli/compose-scenarios.js';
export { buildSpecCoverage } from './core/generate/spec-coverage.js';

// Security evidence
// The security use cases take ports; these are them wired to Node (src/cli/compose-security.ts).
export { generateSbom, runSast, signFile, signRunDirectory, verifyFileSignature, verifyRun, writeSignedProvenance } from './cli/compose-security.js';
export { loadSigner, signerFromPem, generateKeyPair } from './adapters/security/node-signer.js';
export { buildProvenance } from './core/security/provenance.js';
export { approvalPayload, signApproval, verifyApproval } from './core/security/approval.js';
export { decideSastGate } from './core/security/sarif.js';
export { fingerprint } from './core/security/signature.js';

// Deploy
// Wired with the Node staging (src/cli/compose-deploy.ts): same signatures as the use cases had.
export { deployCommand, deployRelease, rollbackStaging, stagingStatus, stopStaging } from './cli/compose-deploy.js';

// Executive report and dashboard
export { buildExecutiveReport } from './core/report/build.js';
export { renderMarkdown } from './core/report/markdown.js';
export { renderHtml } from './core/report/html.js';
export { reportForRun } from './app/report/gather.js';
export { resolveRun } from './app/report/runs.js';
export { createDashboard } from './server/app.js';
export { startDashboard } from './server/start.js';

export { VERSION } from './version.js';
