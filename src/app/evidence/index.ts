// Public API of runs and evidence (docs/evidence.md): what the pipeline runner, the CLI commands
// and the dashboard call.
export { claimRun, readManifest, type ClaimedRun } from '../../adapters/evidence/run-store.js';
export { readLatest, swapLatest } from '../../adapters/evidence/latest-link.js';
export { appendCheckpoint, appendCheckpoints, verifyLedger, readCheckpoints, ledgerPath, type AppendResult } from '../../adapters/evidence/ledger-file.js';
export { startRun, openRun, RunRecorder, type StartRunOptions, type StageEntry } from './run-recorder.js';
export { recoverInterruptedRuns, type RecoveredRun } from './recover.js';
export { listRuns, findRunDir, type RunSummary, type RunFilter } from './runs.js';
export { archiveRuns, planReportsArchive, applyArchivePlan, type ArchiveOptions, type ArchiveResult } from './archive.js';
