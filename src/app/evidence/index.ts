// Public API of runs and evidence (docs/evidence.md): the use cases the pipeline runner, the CLI
// commands and the dashboard call, each taking the evidence ports (src/core/evidence/ports.ts).
// src/cli/compose-evidence.ts exports them wired to Node.
export { startRun, openRun, RunRecorder, type StartRunOptions, type StageEntry } from './run-recorder.js';
export { recoverInterruptedRuns, type RecoveredRun } from './recover.js';
export { listRuns, findRunDir, type RunSummary, type RunFilter } from './runs.js';
export { archiveRuns, planReportsArchive, applyArchivePlan, type ArchiveOptions, type ArchiveResult } from './archive.js';
export { auditLedger, trustedPublicKey, type LedgerAudit, type LedgerAuditPorts } from './ledger-audit.js';
export type { AppendResult, ClaimedRun, EvidencePorts, Ledger, Locks, RunOwners, RunFolders } from '../../core/evidence/ports.js';
