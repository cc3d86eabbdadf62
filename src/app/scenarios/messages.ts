// Turns cucumber's NDJSON messages into one result per pickle (scenario, or outline example row),
// with the step that failed first and its error. Messages come from a child process running user
// code: parse defensively, skip what is not JSON.
import type { PickleResult, PickleStatus } from '../../core/generate/spec-coverage.js';
import { worstStatus } from '../../core/generate/spec-coverage.js';

interface Location { line: number }
interface AstStep { id: string; keyword: string; location: Location }
interface AstScenario { id: string; name: string; location: Location; steps?: AstStep[]; examples?: { tableBody?: { id: string; location: Location }[] }[] }
interface AstChild { scenario?: AstScenario; background?: { steps?: AstStep[] }; rule?: { children?: AstChild[] } }
interface PickleStep { id: string; text: string; astNodeIds: string[] }
interface Envelope {
  gherkinDocument?: { uri: string; feature?: { name: string; children?: AstChild[] } };
  pickle?: { id: string; uri: string; name: string; astNodeIds: string[]; steps?: PickleStep[] };
  testCase?: { id: string; pickleId: string; testSteps?: { id: string; pickleStepId?: string }[] };
  testCaseStarted?: { id: string; testCaseId: string; attempt?: number };
  testStepFinished?: { testCaseStartedId: string; testStepId?: string; testStepResult: { status: string; duration?: { seconds: number; nanos: number }; message?: string } };
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

/** A step that did not pass for a reason of its own (skipped steps only follow the one that failed). */
const FAILING = new Set(['FAILED', 'UNDEFINED', 'PENDING', 'AMBIGUOUS']);

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

interface StepRun { statuses: PickleStatus[]; ms: number; error?: string; failedStepId?: string }

/** What the messages say, indexed by id, in one pass. */
class Index {
  readonly scenarios = new Map<string, { feature: string; line: number }>();
  readonly rows = new Map<string, number>();
  readonly astSteps = new Map<string, { keyword: string; line: number }>();
  readonly pickles: NonNullable<Envelope['pickle']>[] = [];
  readonly caseOfPickle = new Map<string, string>();
  /** test step id → pickle step id (hooks have none). */
  readonly stepOfTestStep = new Map<string, string>();
  readonly lastStarted = new Map<string, { id: string; attempt: number }>();
  readonly runs = new Map<string, StepRun>();

  constructor(envelopes: readonly Envelope[]) {
    for (const e of envelopes) this.add(e);
  }

  private visit(children: readonly AstChild[], feature: string): void {
    for (const child of children) {
      for (const step of child.background?.steps ?? []) this.astSteps.set(step.id, { keyword: step.keyword, line: step.location.line });
      if (child.scenario) {
        this.scenarios.set(child.scenario.id, { feature, line: child.scenario.location.line });
        for (const step of child.scenario.steps ?? []) this.astSteps.set(step.id, { keyword: step.keyword, line: step.location.line });
        let index = 0;
        for (const ex of child.scenario.examples ?? []) for (const row of ex.tableBody ?? []) this.rows.set(row.id, index++);
      }
      if (child.rule) this.visit(child.rule.children ?? [], feature);
    }
  }

  private add(e: Envelope): void {
    if (e.gherkinDocument?.feature) this.visit(e.gherkinDocument.feature.children ?? [], e.gherkinDocument.feature.name);
    if (e.pickle) this.pickles.push(e.pickle);
    if (e.testCase) {
      this.caseOfPickle.set(e.testCase.pickleId, e.testCase.id);
      for (const s of e.testCase.testSteps ?? []) if (s.pickleStepId !== undefined) this.stepOfTestStep.set(s.id, s.pickleStepId);
    }
    if (e.testCaseStarted) {
      const { id, testCaseId, attempt = 0 } = e.testCaseStarted;
      const prev = this.lastStarted.get(testCaseId);
      if (!prev || attempt >= prev.attempt) this.lastStarted.set(testCaseId, { id, attempt });
    }
    if (e.testStepFinished) this.stepFinished(e.testStepFinished);
  }

  private stepFinished(f: NonNullable<Envelope['testStepFinished']>): void {
    const r = f.testStepResult;
    const entry = this.runs.get(f.testCaseStartedId) ?? { statuses: [], ms: 0 };
    entry.statuses.push(STATUS[r.status] ?? 'skipped');
    entry.ms += (r.duration?.seconds ?? 0) * 1000 + (r.duration?.nanos ?? 0) / 1e6;
    if (r.message !== undefined && entry.error === undefined && r.status !== 'PASSED') entry.error = r.message;
    if (FAILING.has(r.status) && entry.failedStepId === undefined && f.testStepId !== undefined) entry.failedStepId = f.testStepId;
    this.runs.set(f.testCaseStartedId, entry);
  }

  /** "Then I receive a 500 response" and its line, or a hook's failure. */
  failedStep(pickle: NonNullable<Envelope['pickle']>, testStepId: string): { step: string; stepLine?: number } {
    const pickleStepId = this.stepOfTestStep.get(testStepId);
    if (pickleStepId === undefined) return { step: 'a Before/After hook' };
    const ps = pickle.steps?.find((s) => s.id === pickleStepId);
    if (ps === undefined) return { step: 'unknown step' };
    const ast = this.astSteps.get(ps.astNodeIds[0] ?? '');
    return { step: `${ast?.keyword ?? ''}${ps.text}`.trim(), ...(ast === undefined ? {} : { stepLine: ast.line }) };
  }
}

function resultOf(ix: Index, p: NonNullable<Envelope['pickle']>, toProjectPath: (uri: string) => string): PickleResult {
  const scenario = ix.scenarios.get(p.astNodeIds[0] ?? '');
  const rowId = p.astNodeIds[1];
  const example = rowId === undefined ? undefined : ix.rows.get(rowId);
  const caseId = ix.caseOfPickle.get(p.id);
  const started = caseId === undefined ? undefined : ix.lastStarted.get(caseId);
  const run = started === undefined ? undefined : ix.runs.get(started.id);
  const status = run === undefined || run.statuses.length === 0 ? 'skipped' : worstStatus(run.statuses);
  const failing = status === 'passed' || run?.failedStepId === undefined ? {} : ix.failedStep(p, run.failedStepId);
  return {
    id: p.id,
    feature: scenario?.feature ?? '',
    file: toProjectPath(p.uri),
    line: scenario?.line ?? 0,
    scenario: p.name,
    ...(example === undefined ? {} : { example }),
    status,
    durationMs: run?.ms ?? 0,
    ...failing,
    ...(run?.error === undefined || status === 'passed' ? {} : { error: run.error }),
  };
}

/** One PickleResult per selected pickle, from the last attempt of its test case. */
export function pickleResults(envelopes: readonly Envelope[], toProjectPath: (uri: string) => string): PickleResult[] {
  const ix = new Index(envelopes);
  // Pickles a tag expression filtered out get no test case: they were not selected, so they are
  // not part of this run's results.
  return ix.pickles.filter((p) => ix.caseOfPickle.has(p.id)).map((p) => resultOf(ix, p, toProjectPath));
}
