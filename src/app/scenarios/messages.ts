// Turns cucumber's NDJSON messages into one result per pickle (scenario, or outline example row).
// Messages come from a child process running user code: parse defensively, skip what is not JSON.
import type { PickleResult, PickleStatus } from '../../core/generate/spec-coverage.js';
import { worstStatus } from '../../core/generate/spec-coverage.js';

interface Location { line: number }
interface AstScenario { id: string; name: string; location: Location; examples?: { tableBody?: { id: string; location: Location }[] }[] }
interface AstChild { scenario?: AstScenario; rule?: { children?: AstChild[] } }
interface Envelope {
  gherkinDocument?: { uri: string; feature?: { name: string; children?: AstChild[] } };
  pickle?: { id: string; uri: string; name: string; astNodeIds: string[] };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string; attempt?: number };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; duration?: { seconds: number; nanos: number }; message?: string } };
}

const STATUS: Record<string, PickleStatus> = {
  PASSED: 'passed',
  FAILED: 'failed',
  PENDING: 'pending',
  UNDEFINED: 'undefined',
  SKIPPED: 'skipped',
  AMBIGUOUS: 'ambiguous',
  UNKNOWN: 'skipped',
};

export function parseEnvelopes(ndjson: string): Envelope[] {
  const out: Envelope[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Envelope);
    } catch {
      // Not a message (a stray log line): ignore.
    }
  }
  return out;
}

/** One PickleResult per selected pickle, from the last attempt of its test case. */
export function pickleResults(envelopes: readonly Envelope[], toProjectPath: (uri: string) => string): PickleResult[] {
  const scenarios = new Map<string, { feature: string; line: number }>();
  const rows = new Map<string, number>();
  const visit = (children: readonly AstChild[], feature: string): void => {
    for (const child of children) {
      if (child.scenario) {
        scenarios.set(child.scenario.id, { feature, line: child.scenario.location.line });
        let index = 0;
        for (const ex of child.scenario.examples ?? []) for (const row of ex.tableBody ?? []) rows.set(row.id, index++);
      }
      if (child.rule) visit(child.rule.children ?? [], feature);
    }
  };
  const pickles: NonNullable<Envelope['pickle']>[] = [];
  const caseOfPickle = new Map<string, string>();
  const lastStarted = new Map<string, { id: string; attempt: number }>();
  const steps = new Map<string, { statuses: PickleStatus[]; ms: number; error?: string }>();
  for (const e of envelopes) {
    if (e.gherkinDocument?.feature) visit(e.gherkinDocument.feature.children ?? [], e.gherkinDocument.feature.name);
    if (e.pickle) pickles.push(e.pickle);
    if (e.testCase) caseOfPickle.set(e.testCase.pickleId, e.testCase.id);
    if (e.testCaseStarted) {
      const { id, testCaseId, attempt = 0 } = e.testCaseStarted;
      const prev = lastStarted.get(testCaseId);
      if (!prev || attempt >= prev.attempt) lastStarted.set(testCaseId, { id, attempt });
    }
    if (e.testStepFinished) {
      const { testCaseStartedId, testStepResult: r } = e.testStepFinished;
      const entry = steps.get(testCaseStartedId) ?? { statuses: [] as PickleStatus[], ms: 0 };
      entry.statuses.push(STATUS[r.status] ?? 'skipped');
      entry.ms += (r.duration?.seconds ?? 0) * 1000 + (r.duration?.nanos ?? 0) / 1e6;
      if (r.message !== undefined && entry.error === undefined && r.status !== 'PASSED') entry.error = r.message;
      steps.set(testCaseStartedId, entry);
    }
  }
  // Pickles a tag expression filtered out get no test case: they were not selected, so they are
  // not part of this run's results.
  return pickles.filter((p) => caseOfPickle.has(p.id)).map((p) => {
    const scenario = scenarios.get(p.astNodeIds[0] ?? '');
    const rowId = p.astNodeIds[1];
    const example = rowId === undefined ? undefined : rows.get(rowId);
    const caseId = caseOfPickle.get(p.id);
    const started = caseId === undefined ? undefined : lastStarted.get(caseId);
    const run = started === undefined ? undefined : steps.get(started.id);
    const status = run === undefined || run.statuses.length === 0 ? 'skipped' : worstStatus(run.statuses);
    return {
      id: p.id,
      feature: scenario?.feature ?? '',
      file: toProjectPath(p.uri),
      line: scenario?.line ?? 0,
      scenario: p.name,
      ...(example === undefined ? {} : { example }),
      status,
      durationMs: run?.ms ?? 0,
      ...(run?.error === undefined || status === 'passed' ? {} : { error: run.error }),
    };
  });
}
