// The evidence vocabulary (docs/contracts.md §3–§5), defined once: stage names, run/stage/ledger
// statuses, the evidence file names and where the ledger lives. Every other module imports these;
// none spells its own copy, so the compiler keeps them one.

/** The six pipeline stages, in order. */
export const STAGE_NAMES = ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** The ledger's stage column: the six stages plus its own housekeeping stages. */
export const LEDGER_STAGES = [...STAGE_NAMES, 'run', 'approval', 'archive', 'ledger'] as const;
export type LedgerStage = (typeof LEDGER_STAGES)[number];

/** What a stage's own work ends as (a stage never reports itself interrupted: the runner does). */
export const STAGE_OUTCOMES = ['success', 'warning', 'failure', 'skipped', 'blocked'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

/** A stage's status as the manifest records it: its outcome, or `interrupted`. */
export const STAGE_STATUSES = [...STAGE_OUTCOMES, 'interrupted'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** `paused`: stopped on purpose after some stages (`specgate run --hold`) to be resumed, e.g. by the next CI job. */
export const RUN_STATUSES = ['running', 'success', 'warning', 'failure', 'blocked', 'awaiting-approval', 'paused', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** The statuses a run can end with. */
export type FinalRunStatus = Exclude<RunStatus, 'running' | 'paused'>;
/** Statuses that never change again: a run awaiting approval or paused is resumed, a running one ends. */
export const SETTLED_RUN_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter((s) => s !== 'running' && s !== 'paused' && s !== 'awaiting-approval');

/** The ledger's status column. */
export const LEDGER_STATUSES = ['started', 'success', 'warning', 'failure', 'skipped', 'blocked', 'approved', 'interrupted'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** Evidence file names inside a run folder (docs/contracts.md §3). */
export const EVIDENCE_FILE = {
  manifest: 'manifest.json',
  validation: 'spec-validation-report.json',
  estimates: 'resource-estimates.json',
  coverage: 'spec-coverage.json',
  cucumberMessages: 'cucumber-messages.ndjson',
  sarif: 'sast.sarif',
  generation: 'generation.json',
  release: 'release.tar.gz',
  sbom: 'sbom.cyclonedx.json',
  image: 'image.json',
  deploy: 'deploy-report.json',
  approvalRequest: 'approval-request.json',
  executiveReport: 'executive-report.md',
  junit: 'junit.xml',
  provenance: 'provenance.intoto.jsonl',
  sigstoreBundle: 'provenance.sigstore.json',
  publicKey: 'signing.pub',
} as const;
export type EvidenceFileName = (typeof EVIDENCE_FILE)[keyof typeof EVIDENCE_FILE];

/** The folder under the reports folder that holds the ledger, run markers and locks. */
export const AUDIT_DIR = 'audit';
/** The ledger's file name inside AUDIT_DIR. */
export const LEDGER_FILE_NAME = 'checkpoints.log';
/** The ledger, relative to the reports folder (POSIX separators). */
export const LEDGER_PATH = `${AUDIT_DIR}/${LEDGER_FILE_NAME}`;
