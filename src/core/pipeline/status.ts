// How stage outcomes roll up into the run's status and exit code (docs/contracts.md §6, §8).
import { ExitCode, type ExitCodeValue } from '../errors.js';
import type { RunStatus, StageOutcome } from '../evidence/vocabulary.js';

/** The run's final status from its stages' statuses; the worst one wins. */
export function runStatusOf(outcomes: readonly StageOutcome[]): Exclude<StageOutcome, 'skipped'> {
  if (outcomes.includes('failure')) return 'failure';
  if (outcomes.includes('blocked')) return 'blocked';
  if (outcomes.includes('warning')) return 'warning';
  return 'success';
}

export function exitCodeForRun(status: RunStatus): ExitCodeValue {
  switch (status) {
    case 'success':
    case 'warning':
    case 'running':
    case 'paused':
      return ExitCode.ok;
    case 'failure':
      return ExitCode.failed;
    case 'blocked':
    case 'awaiting-approval':
      return ExitCode.blocked;
    case 'interrupted':
      return ExitCode.interrupted;
  }
}

/**
 * Whether the pipeline goes on after a stage ended with `outcome`. A failure stops the stages that
 * build on it in both modes; compliance also skips the audit stage (fail fast), sandbox still
 * audits so the failed run gets its report.
 */
export function nextStageRuns(mode: 'sandbox' | 'compliance', stoppedBy: StageOutcome | undefined, next: string): boolean {
  if (stoppedBy === undefined) return true;
  return mode === 'sandbox' && next === 'audit';
}
