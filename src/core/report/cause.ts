// Failure first: why a failed or warning run ended as it did, in the order a person fixes it —
// the first stage that did not pass, its first non-passing gate and the command log behind it,
// then the scenarios that failed (with the failing step and its error) and the error findings.
import { arr, num, str } from './read.js';

export interface CauseGate {
  readonly gate: string;
  readonly outcome: string;
  readonly reason: string;
  /** The run-relative log the gate points at (`logs/lint.log`), when it names one. */
  readonly log?: string;
}

export interface FailedScenario {
  readonly name: string;
  readonly feature: string;
  readonly location: string;
  readonly example: number | null;
  readonly status: string;
  readonly step?: string;
  readonly error?: string;
}

export interface FailureCause {
  readonly stage: string;
  readonly status: string;
  /** One sentence: "validate failed: lint exited 127 (see logs/lint.log)". */
  readonly headline: string;
  readonly gates: readonly CauseGate[];
  /** The log of the first failing command, to show its tail. */
  readonly log?: string;
  readonly scenarios: { readonly failed: number; readonly total: number; readonly rows: readonly FailedScenario[] };
  readonly findings: readonly { readonly location: string; readonly code: string; readonly message: string; readonly scenario?: string }[];
}

const NOT_PASSED = new Set(['failure', 'blocked', 'interrupted']);
const LOG_REF = /\bsee (logs\/[A-Za-z0-9._-]+\.log)\b/;

function firstProblemStage(manifest: unknown): unknown {
  const stages = arr(manifest, 'stages');
  return stages.find((s) => NOT_PASSED.has(str(s, 'status') ?? '')) ?? stages.find((s) => str(s, 'status') === 'warning');
}

/** Scenarios that did not pass, as recorded in spec-coverage.json. */
export function failedScenarios(coverage: unknown): FailureCause['scenarios'] {
  const all = arr(coverage, 'scenarios');
  const rows = all
    .filter((s) => (str(s, 'status') ?? 'passed') !== 'passed')
    .map((s): FailedScenario => {
      const text = str(s, 'step', 'failedStep');
      const stepLine = num(s, 'stepLine');
      const step = text === undefined ? undefined : `${text}${stepLine === undefined ? '' : ` (line ${stepLine})`}`;
      const error = str(s, 'error');
      return {
        name: str(s, 'scenario', 'name') ?? '?',
        feature: str(s, 'feature') ?? '',
        location: `${str(s, 'file') ?? '?'}:${num(s, 'line') ?? '?'}`,
        example: num(s, 'example') ?? null,
        status: str(s, 'status') ?? 'unknown',
        ...(step === undefined ? {} : { step }),
        ...(error === undefined ? {} : { error }),
      };
    });
  return { failed: rows.length, total: num(coverage, 'totals.total') ?? all.length, rows };
}

function errorFindings(validation: unknown): FailureCause['findings'] {
  return arr(validation, 'findings')
    .filter((f) => str(f, 'severity') === 'error')
    .map((f) => {
      const scenario = str(f, 'scenario');
      return {
        location: `${str(f, 'file') ?? '?'}:${num(f, 'line') ?? '?'}:${num(f, 'column') ?? '?'}`,
        code: str(f, 'code') ?? '',
        message: str(f, 'message') ?? '',
        ...(scenario === undefined ? {} : { scenario }),
      };
    });
}

/** The cause of a run that did not pass, or undefined for a passing or still running one. */
export function failureCause(manifest: unknown, coverage: unknown, validation: unknown): FailureCause | undefined {
  const stage = firstProblemStage(manifest);
  const scenarios = failedScenarios(coverage);
  const findings = errorFindings(validation);
  if (stage === undefined && scenarios.failed === 0 && findings.length === 0) return undefined;
  const name = str(stage, 'name') ?? 'run';
  const status = str(stage, 'status') ?? str(manifest, 'status') ?? 'unknown';
  const gates = arr(stage, 'gates')
    .filter((g) => str(g, 'outcome') !== 'pass')
    .map((g): CauseGate => {
      const reason = str(g, 'reason') ?? '';
      const log = LOG_REF.exec(reason)?.[1];
      return { gate: str(g, 'gate') ?? '?', outcome: str(g, 'outcome') ?? '?', reason, ...(log === undefined ? {} : { log }) };
    });
  // A stage that threw has no gate: its summary holds the error; its own log artifact holds the output.
  const stageLog = arr(stage, 'artifacts').map((a) => (typeof a === 'string' ? a : '')).find((a) => /^logs\/[A-Za-z0-9._-]+\.log$/.test(a));
  const log = gates.find((g) => g.log !== undefined)?.log ?? stageLog;
  const first = gates[0]?.reason ?? str(stage, 'summary') ?? (scenarios.failed > 0 ? `${scenarios.failed} of ${scenarios.total} scenarios failed` : 'see the findings below');
  const verb = status === 'warning' ? 'warned' : status === 'failure' ? 'failed' : status;
  return { stage: name, status, headline: `${name} ${verb}: ${first}`, gates, ...(log === undefined ? {} : { log }), scenarios, findings };
}
