// The report's opening, in plain language for someone who will not read the tables: how the run
// ended and why, which scenarios failed, what else needs attention, what changed since the previous
// release, and whether the evidence itself can be trusted. It names problems; the figures live once,
// in the verification table.
import type { FailureCause } from './cause.js';
import type { ReleaseChanges } from './changes.js';
import type { Check, VerificationRow } from './model.js';

export interface SummaryInput {
  readonly project: string;
  readonly runId: string;
  readonly mode: string;
  readonly phase: 'in-run' | 'finished';
  readonly runStatus: string;
  readonly overall: Check;
  readonly deployment: Check;
  readonly cause: FailureCause | undefined;
  readonly metrics: readonly VerificationRow[];
  readonly changes: ReleaseChanges;
}

const NAMED_FAILURES = 3;
const TRUST = new Set(['Evidence digests', 'Signature verification', 'Provenance', 'Audit chain']);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const firstLine = (text: string): string => {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
};

/** How a run ended, as a verb phrase. */
const ENDED: Readonly<Record<string, string>> = {
  success: 'succeeded',
  warning: 'finished with warnings',
  failure: 'failed',
  blocked: 'was blocked',
  interrupted: 'was interrupted',
  'awaiting-approval': 'is waiting for approval',
};

function outcome(s: SummaryInput): string {
  const who = `Run ${s.runId} of ${s.project} (${s.mode})`;
  if (s.phase === 'in-run') return `${who} is still in progress (${s.runStatus}): this report is provisional until the run is finished and signed.`;
  const staging = s.deployment.status === 'pass' || s.deployment.status === 'warn' ? ' It reached staging.' : s.deployment.status === 'na' ? ' It was not deployed.' : ' It did not reach staging.';
  if (s.overall.status === 'pass') return `${who} passed every verified check.${staging}`;
  const ended = ENDED[s.runStatus] ?? `ended ${s.runStatus}`;
  const why = s.cause === undefined ? (s.runStatus === 'success' ? ', with warnings to review' : '') : `: ${s.cause.headline}`;
  return `${who} ${ended}${why}.${staging}`;
}

function failures(cause: FailureCause | undefined): string | undefined {
  const f = cause?.scenarios;
  if (f === undefined || f.failed === 0) return undefined;
  const named = f.rows.slice(0, NAMED_FAILURES).map((r) => {
    const example = r.example === null ? '' : ` (example ${r.example + 1})`;
    const step = r.step === undefined ? '' : ` at “${r.step}”`;
    const error = r.error === undefined ? ` (${r.status})` : `: ${firstLine(r.error)}`;
    return `“${r.name}”${example}${step}${error}`;
  });
  const more = f.failed > NAMED_FAILURES ? `; and ${f.failed - NAMED_FAILURES} more` : '';
  return `${f.failed} of ${f.total} scenarios did not pass: ${named.join('; ')}${more}.`;
}

function attention(metrics: readonly VerificationRow[]): string[] {
  const out: string[] = [];
  const named = (rows: readonly VerificationRow[]): string => rows.map((r) => r.metric).join(', ');
  const below = metrics.filter((r) => (r.status === 'fail' || r.status === 'warn') && !TRUST.has(r.metric) && !(r.metric === 'Deployment' && r.status === 'fail') && r.metric !== 'Scenarios passing');
  if (below.length > 0) out.push(`Needs attention: ${named(below)} (see Verification).`);
  const trust = metrics.filter((r) => TRUST.has(r.metric));
  const broken = trust.filter((r) => r.status === 'fail');
  if (broken.length > 0) out.push(`Evidence problem: ${named(broken)} failed verification, so this run's files cannot be relied on until that is resolved.`);
  else if (trust.every((r) => r.status === 'pass')) out.push('The evidence is intact: every file matches its digest, the signatures and provenance verify, and the audit chain holds.');
  const pending = metrics.filter((r) => r.status === 'pending');
  if (pending.length > 0) out.push(`Decided when the run finishes: ${named(pending)}.`);
  return out;
}

function changed(c: ReleaseChanges): string {
  if (c.state === 'none') return `No earlier release to compare with: ${c.reason}.`;
  const parts = [
    plural(c.scenarios.added.length, 'scenario added', 'scenarios added'),
    plural(c.scenarios.removed.length, 'removed', 'removed'),
    plural(c.dependencies.added.length, 'new dependency', 'new dependencies'),
    plural(c.newFindings.length, 'new finding', 'new findings'),
  ];
  return `Since the previous release (run ${c.previous.runId}): ${parts.join(', ')} (see Changes).`;
}

export function plainSummary(s: SummaryInput): string[] {
  return [outcome(s), failures(s.cause), ...attention(s.metrics), changed(s.changes)].filter((x): x is string => x !== undefined);
}
