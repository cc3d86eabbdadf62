// What changed since the previous release (the run that served staging before this one): scenarios
// added and removed, the scenario pass rate and code coverage deltas, dependencies added, removed or
// upgraded, and SAST findings that are new. Both sides are read as recorded; only this run is verified.
import { coverageFacts } from './facts.js';
import { sarifFacts, sbomComponents } from './facts-security.js';
import { arr, str } from './read.js';

/** The previous release's documents, as its run recorded them. */
export interface ReleaseDocs {
  readonly runId: string;
  readonly featureSha: string;
  readonly coverage?: unknown;
  readonly estimates?: unknown;
  readonly sbom?: unknown;
  readonly sarif?: unknown;
}

export type ReleaseChanges =
  | { readonly state: 'none'; readonly reason: string }
  | {
      readonly state: 'compared';
      readonly previous: { readonly runId: string; readonly featureSha: string };
      readonly scenarios: { readonly added: readonly string[]; readonly removed: readonly string[] };
      /** Percentage points, this run minus the previous release; null when either side lacks it. */
      readonly passRateDelta: number | null;
      readonly codeCoverageDelta: number | null;
      readonly dependencies: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly upgraded: readonly string[] };
      readonly newFindings: readonly string[];
      readonly fixedFindings: number;
    };

/** Lists are bounded: a report names the first few and counts the rest. */
export const CHANGE_LIST_MAX = 50;

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const minus = (a: readonly string[], b: readonly string[]): string[] => {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
};

const named = (feature: string | undefined, scenario: string): string => (feature === undefined || feature === '' ? scenario : `${feature} › ${scenario}`);

/** `Feature › Scenario` of every scenario the run knew: executed ones, else the budgeted ones. */
function scenarioNames(coverage: unknown, estimates: unknown): string[] {
  const run = coverage === undefined ? [] : coverageFacts(coverage).scenarios.map((s) => named(s.feature, s.name));
  if (run.length > 0) return sorted(run);
  return sorted([...arr(estimates, 'scenarios'), ...arr(estimates, 'unbudgeted')].map((s) => named(str(s, 'feature'), str(s, 'scenario') ?? '?')));
}

const passRate = (coverage: unknown): number | null => (coverage === undefined ? null : (coverageFacts(coverage).passedPct ?? null));
const codePct = (coverage: unknown): number | null => (coverage === undefined ? null : (coverageFacts(coverage).code?.pct ?? null));
const delta = (now: number | null, before: number | null): number | null => (now === null || before === null ? null : Math.round((now - before) * 10) / 10);

function dependencyChanges(now: unknown, before: unknown): Extract<ReleaseChanges, { state: 'compared' }>['dependencies'] {
  const versions = (sbom: unknown): Map<string, string> => new Map(sbom === undefined ? [] : sbomComponents(sbom).map((c) => [c.name, c.version]));
  const a = versions(now);
  const b = versions(before);
  return {
    added: sorted([...a].filter(([n]) => !b.has(n)).map(([n, v]) => `${n}@${v}`)),
    removed: sorted([...b].filter(([n]) => !a.has(n)).map(([n, v]) => `${n}@${v}`)),
    upgraded: sorted([...a].filter(([n, v]) => b.has(n) && b.get(n) !== v).map(([n, v]) => `${n} ${b.get(n)} → ${v}`)),
  };
}

/** A finding's identity across releases: rule, file and message (line numbers move with every edit). */
const findingKeys = (sarif: unknown): string[] =>
  sarif === undefined ? [] : sorted(sarifFacts(sarif).results.map((r) => `${r.level} ${r.ruleId} in ${r.file || '?'}: ${r.message}`));

export function releaseChanges(current: Omit<ReleaseDocs, 'runId' | 'featureSha'>, previous: ReleaseDocs | undefined, why: string): ReleaseChanges {
  if (previous === undefined) return { state: 'none', reason: why };
  const now = scenarioNames(current.coverage, current.estimates);
  const before = scenarioNames(previous.coverage, previous.estimates);
  const findingsNow = findingKeys(current.sarif);
  const findingsBefore = findingKeys(previous.sarif);
  return {
    state: 'compared',
    previous: { runId: previous.runId, featureSha: previous.featureSha },
    scenarios: { added: minus(now, before), removed: minus(before, now) },
    passRateDelta: delta(passRate(current.coverage), passRate(previous.coverage)),
    codeCoverageDelta: delta(codePct(current.coverage), codePct(previous.coverage)),
    dependencies: dependencyChanges(current.sbom, previous.sbom),
    newFindings: minus(findingsNow, findingsBefore),
    fixedFindings: minus(findingsBefore, findingsNow).length,
  };
}
