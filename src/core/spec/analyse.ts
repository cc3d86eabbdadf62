// The spec rules of DESIGN.md §1 applied to one file: parse once with the official parser, walk the
// AST once, and return both the model (scenarios with their budgets) and every finding.
import type { Background, Feature, Scenario, Step, Tag } from '@cucumber/messages';
import { sha256Hex } from './feature-sha.js';
import { sortFindings, type RawFinding } from './findings.js';
import { parseGherkin } from './gherkin.js';
import type { BudgetSource, ScenarioSpec, SpecFileModel } from './model.js';
import { isResourceTag, parseResourceTag, type ResourceBudget } from './resource-tag.js';
import { decodeSpec } from './source.js';

/** Valid budgets by tag text. Budgets repeat across a spec set, and a valid tag parses the same
 * wherever it is written, so one run may share this cache across files. */
export type BudgetCache = Map<string, ResourceBudget>;

/** What the walk carries: the file, where findings go, and the shared budget cache. */
interface Walk {
  readonly file: string;
  readonly findings: RawFinding[];
  readonly budgets: BudgetCache;
}

export interface AnalysedFile {
  readonly model: SpecFileModel;
  readonly findings: RawFinding[];
}

/** What one tagged element (Feature, Rule, Scenario) declares. */
interface Declared {
  readonly declared: boolean;
  readonly budget?: ResourceBudget;
}

function describe(keyword: string, name: string): string {
  return name.trim() === '' ? `${keyword.trim()} (unnamed)` : `${keyword.trim()} "${name}"`;
}

const UNDECLARED: Declared = { declared: false };

/** Checks an element's `@resource` tags: each one's syntax, and that there is at most one. */
function declaredBy(walk: Walk, tags: readonly Tag[], element: () => string, scenario?: string): Declared {
  let first: Tag | undefined;
  let budget: ResourceBudget | undefined;
  for (const tag of tags) {
    if (!isResourceTag(tag.name)) continue;
    const at = { file: walk.file, line: tag.location.line, column: tag.location.column ?? 1, ...(scenario === undefined ? {} : { scenario }) };
    let parsed = walk.budgets.get(tag.name);
    if (parsed === undefined) {
      const result = parseResourceTag(tag.name, at);
      walk.findings.push(...result.findings);
      parsed = result.budget;
      if (parsed !== undefined) walk.budgets.set(tag.name, parsed);
    }
    if (first === undefined) {
      first = tag;
      budget = parsed;
    } else {
      walk.findings.push({
        ...at,
        code: 'RESOURCE_DUPLICATE_TAG',
        message: `${element()} has a second @resource tag (the first is on line ${first.location.line}); keep exactly one`,
      });
      // Two tags on one element leave its budget undefined: neither may silently win.
      budget = undefined;
    }
  }
  if (first === undefined) return UNDECLARED;
  return budget === undefined ? { declared: true } : { declared: true, budget };
}

function uniqueSorted(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

/** Step types as bits, so a scenario's coverage of Given/When/Then is one integer. */
const CONTEXT = 1;
const ACTION = 2;
const OUTCOME = 4;

function bitOf(keywordType: unknown): number {
  if (keywordType === 'Context') return CONTEXT;
  if (keywordType === 'Action') return ACTION;
  return keywordType === 'Outcome' ? OUTCOME : 0;
}

/** Step types as the official pickle compiler assigns them: And/But take the previous step's type. */
function stepTypes(background: readonly Step[], steps: readonly Step[]): number {
  // The compiler prepends Background steps only to scenarios that have steps of their own.
  if (steps.length === 0) return 0;
  let seen = 0;
  let last = 0;
  const total = background.length + steps.length;
  for (let i = 0; i < total; i += 1) {
    const step = (i < background.length ? background[i] : steps[i - background.length]) as Step;
    // `*` (Unknown) resets the type; a conjunction keeps the previous one.
    const kind: unknown = step.keywordType;
    if (kind !== 'Conjunction') last = bitOf(kind);
    seen |= last;
  }
  return seen;
}

const REQUIRED_STEPS = [
  [CONTEXT, 'STEP_MISSING_GIVEN', 'Given (context)'],
  [ACTION, 'STEP_MISSING_WHEN', 'When (action)'],
  [OUTCOME, 'STEP_MISSING_THEN', 'Then (outcome)'],
] as const;

interface Scope {
  readonly featureName: string;
  readonly ruleName?: string;
  /** Feature and Rule tag names, sorted and unique (shared by the scenarios in scope). */
  readonly inheritedTags: readonly string[];
  readonly feature: Declared;
  readonly rule: Declared;
  readonly background: readonly Step[];
}

function analyseScenario(walk: Walk, scenario: Scenario, scope: Scope): ScenarioSpec {
  const { file, findings } = walk;
  // Named lazily: the message is only built when there is a finding, which is the rare case.
  const what = (): string => describe(scenario.keyword, scenario.name);
  const own = declaredBy(walk, scenario.tags, what, scenario.name);
  const at = { file, line: scenario.location.line, column: scenario.location.column ?? 1, scenario: scenario.name };

  let source: BudgetSource | undefined;
  let chosen: Declared = UNDECLARED;
  if (own.declared) {
    source = 'scenario';
    chosen = own;
  } else if (scope.rule.declared) {
    source = 'rule';
    chosen = scope.rule;
  } else if (scope.feature.declared) {
    source = 'feature';
    chosen = scope.feature;
  } else {
    findings.push({
      ...at,
      code: 'RESOURCE_MISSING',
      message: `${what()} has no @resource tag on itself, its Rule or its Feature; add one like @resource:cpu=0.5,memory=512,storage=100,story_points=3`,
    });
  }

  for (const examples of scenario.examples) {
    for (const tag of examples.tags) {
      if (!isResourceTag(tag.name)) continue;
      findings.push({
        file,
        line: tag.location.line,
        column: tag.location.column ?? 1,
        scenario: scenario.name,
        code: 'RESOURCE_MALFORMED',
        message: `${tag.name} is on an Examples block, where budgets do not apply; move it to the ${scenario.keyword.trim()}`,
      });
    }
  }

  const types = stepTypes(scope.background, scenario.steps);
  if (types !== (CONTEXT | ACTION | OUTCOME)) {
    for (const [type, code, label] of REQUIRED_STEPS) {
      if ((types & type) === 0) {
        findings.push({ ...at, code, message: `${what()} has no ${label} step after Background steps are prepended; add one` });
      }
    }
  }

  const outline = scenario.examples.length > 0;
  let examples = 0;
  let pickles = outline ? 0 : 1;
  for (const block of scenario.examples) {
    examples += block.tableBody.length;
    // The compiler makes no pickles of an Examples block without a header row.
    if (block.tableHeader !== undefined) pickles += block.tableBody.length;
  }
  const tags = scenario.tags.length === 0 ? scope.inheritedTags : [...new Set([...scope.inheritedTags, ...scenario.tags.map((t) => t.name)])].sort();
  return {
    file,
    line: at.line,
    column: at.column,
    feature: scope.featureName,
    // Optional fields are always present (possibly undefined) so every spec has one shape.
    rule: scope.ruleName,
    name: scenario.name,
    keyword: scenario.keyword.trim(),
    outline,
    examples,
    pickles,
    tags,
    budget: chosen.budget,
    budgetSource: source,
  };
}

function analyseFeature(walk: Walk, feature: Feature): ScenarioSpec[] {
  const featureDeclared = declaredBy(walk, feature.tags, () => describe(feature.keyword, feature.name));
  const featureTags = uniqueSorted(feature.tags.map((t) => t.name));
  const scenarios: ScenarioSpec[] = [];
  let featureBackground: readonly Step[] = [];
  const base = { featureName: feature.name, inheritedTags: featureTags, feature: featureDeclared, rule: UNDECLARED };
  let featureScope: Scope = { ...base, background: featureBackground };
  for (const child of feature.children) {
    if (child.background) {
      featureBackground = child.background.steps;
      featureScope = { ...base, background: featureBackground };
    } else if (child.scenario) scenarios.push(analyseScenario(walk, child.scenario, featureScope));
    else if (child.rule) {
      const rule = child.rule;
      const ruleDeclared = declaredBy(walk, rule.tags, () => describe(rule.keyword, rule.name));
      const inheritedTags = uniqueSorted([...featureTags, ...rule.tags.map((t) => t.name)]);
      let scope: Scope = { ...base, ruleName: rule.name, inheritedTags, rule: ruleDeclared, background: featureBackground };
      for (const ruleChild of rule.children) {
        const bg: Background | undefined = ruleChild.background;
        if (bg) scope = { ...scope, background: [...scope.background, ...bg.steps] };
        else if (ruleChild.scenario) scenarios.push(analyseScenario(walk, ruleChild.scenario, scope));
      }
    }
  }
  return scenarios;
}

/** Analyses one spec file. Never throws on any input: every problem becomes a finding. */
export function analyseSpecFile(path: string, bytes: Uint8Array, budgets: BudgetCache = new Map()): AnalysedFile {
  const base = { path, sha256: sha256Hex(bytes), size: bytes.length };
  const decoded = decodeSpec(path, bytes);
  if (!decoded.ok) return { model: { ...base, parsed: false, scenarios: [] }, findings: [decoded.finding] };
  const parsed = parseGherkin(path, decoded.text);
  if (!parsed.ok) return { model: { ...base, parsed: false, scenarios: [] }, findings: sortFindings(parsed.findings) };

  const findings: RawFinding[] = [];
  const feature = parsed.document.feature;
  const scenarios = feature === undefined ? [] : analyseFeature({ file: path, findings, budgets }, feature);
  if (scenarios.length === 0) {
    const line = feature?.location.line ?? 1;
    const column = feature?.location.column ?? 1;
    findings.push({ file: path, line, column, code: 'NO_SCENARIOS', message: 'this file has no scenarios; add a Scenario, or remove the file from the spec set' });
  }
  return {
    model: {
      ...base,
      parsed: true,
      ...(feature === undefined ? {} : { language: feature.language, feature: { name: feature.name, keyword: feature.keyword, line: feature.location.line, column: feature.location.column ?? 1 } }),
      scenarios,
    },
    findings: sortFindings(findings),
  };
}
