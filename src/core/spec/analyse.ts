// The spec rules of DESIGN.md §1 applied to one file: parse once with the official parser, walk the
// AST once, and return both the model (scenarios with their budgets) and every finding.
import type { Background, Feature, Scenario, Step, Tag } from '@cucumber/messages';
import { sha256Hex } from './feature-sha.js';
import { sortFindings, type RawFinding } from './findings.js';
import { parseGherkin } from './gherkin.js';
import type { BudgetSource, ScenarioSpec, SpecFileModel } from './model.js';
import { isResourceTag, parseResourceTag, type ResourceBudget } from './resource-tag.js';
import { decodeSpec } from './source.js';

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

/** Checks an element's `@resource` tags: each one's syntax, and that there is at most one. */
function declaredBy(file: string, tags: readonly Tag[], element: string, findings: RawFinding[], scenario?: string): Declared {
  const resourceTags = tags.filter((t) => isResourceTag(t.name));
  const first = resourceTags[0];
  if (first === undefined) return { declared: false };
  let budget: ResourceBudget | undefined;
  resourceTags.forEach((tag, index) => {
    const at = { file, line: tag.location.line, column: tag.location.column ?? 1, ...(scenario === undefined ? {} : { scenario }) };
    const parsed = parseResourceTag(tag.name, at);
    findings.push(...parsed.findings);
    if (index === 0) budget = parsed.budget;
    else {
      findings.push({
        ...at,
        code: 'RESOURCE_DUPLICATE_TAG',
        message: `${element} has a second @resource tag (the first is on line ${first.location.line}); keep exactly one`,
      });
    }
  });
  // Two tags on one element leave its budget undefined: neither may silently win.
  return resourceTags.length === 1 && budget !== undefined ? { declared: true, budget } : { declared: true };
}

type StepType = 'Unknown' | 'Context' | 'Action' | 'Outcome';

/** Step types as the official pickle compiler assigns them: And/But take the previous step's type. */
function stepTypes(background: readonly Step[], steps: readonly Step[]): Set<StepType> {
  const types = new Set<StepType>();
  // The compiler prepends Background steps only to scenarios that have steps of their own.
  const all = steps.length === 0 ? [] : [...background, ...steps];
  let last: StepType = 'Unknown';
  for (const step of all) {
    const kind = String(step.keywordType ?? 'Unknown');
    if (kind !== 'Conjunction') last = kind === 'Context' || kind === 'Action' || kind === 'Outcome' ? kind : 'Unknown';
    types.add(last);
  }
  return types;
}

const REQUIRED_STEPS = [
  ['Context', 'STEP_MISSING_GIVEN', 'Given (context)'],
  ['Action', 'STEP_MISSING_WHEN', 'When (action)'],
  ['Outcome', 'STEP_MISSING_THEN', 'Then (outcome)'],
] as const;

interface Scope {
  readonly featureName: string;
  readonly featureTags: readonly string[];
  readonly ruleName?: string;
  readonly ruleTags: readonly string[];
  readonly feature: Declared;
  readonly rule: Declared;
  readonly background: readonly Step[];
}

function analyseScenario(file: string, scenario: Scenario, scope: Scope, findings: RawFinding[]): ScenarioSpec {
  const what = describe(scenario.keyword, scenario.name);
  const own = declaredBy(file, scenario.tags, what, findings, scenario.name);
  const at = { file, line: scenario.location.line, column: scenario.location.column ?? 1, scenario: scenario.name };

  let source: BudgetSource | undefined;
  let chosen: Declared = { declared: false };
  if (own.declared) [source, chosen] = ['scenario', own];
  else if (scope.rule.declared) [source, chosen] = ['rule', scope.rule];
  else if (scope.feature.declared) [source, chosen] = ['feature', scope.feature];
  else {
    findings.push({
      ...at,
      code: 'RESOURCE_MISSING',
      message: `${what} has no @resource tag on itself, its Rule or its Feature; add one like @resource:cpu=0.5,memory=512,storage=100,story_points=3`,
    });
  }

  for (const examples of scenario.examples) {
    for (const tag of examples.tags.filter((t) => isResourceTag(t.name))) {
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
  for (const [type, code, label] of REQUIRED_STEPS) {
    if (!types.has(type)) {
      findings.push({ ...at, code, message: `${what} has no ${label} step after Background steps are prepended; add one` });
    }
  }

  const outline = scenario.examples.length > 0;
  const examples = scenario.examples.reduce((n, e) => n + e.tableBody.length, 0);
  const pickles = outline ? scenario.examples.reduce((n, e) => n + (e.tableHeader === undefined ? 0 : e.tableBody.length), 0) : 1;
  const tags = [...new Set([...scope.featureTags, ...scope.ruleTags, ...scenario.tags.map((t) => t.name)])].sort();
  return {
    file,
    line: at.line,
    column: at.column,
    feature: scope.featureName,
    ...(scope.ruleName === undefined ? {} : { rule: scope.ruleName }),
    name: scenario.name,
    keyword: scenario.keyword.trim(),
    outline,
    examples,
    pickles,
    tags,
    ...(chosen.budget === undefined ? {} : { budget: chosen.budget }),
    ...(source === undefined ? {} : { budgetSource: source }),
  };
}

function analyseFeature(file: string, feature: Feature, findings: RawFinding[]): ScenarioSpec[] {
  const featureDeclared = declaredBy(file, feature.tags, describe(feature.keyword, feature.name), findings);
  const featureTags = feature.tags.map((t) => t.name);
  const scenarios: ScenarioSpec[] = [];
  let featureBackground: readonly Step[] = [];
  const base = { featureName: feature.name, featureTags, feature: featureDeclared, rule: { declared: false }, ruleTags: [] };
  for (const child of feature.children) {
    if (child.background) featureBackground = child.background.steps;
    else if (child.scenario) scenarios.push(analyseScenario(file, child.scenario, { ...base, background: featureBackground }, findings));
    else if (child.rule) {
      const rule = child.rule;
      const ruleDeclared = declaredBy(file, rule.tags, describe(rule.keyword, rule.name), findings);
      let background: readonly Step[] = featureBackground;
      for (const ruleChild of rule.children) {
        const bg: Background | undefined = ruleChild.background;
        if (bg) background = [...background, ...bg.steps];
        else if (ruleChild.scenario) {
          const scope: Scope = { ...base, ruleName: rule.name, ruleTags: rule.tags.map((t) => t.name), rule: ruleDeclared, background };
          scenarios.push(analyseScenario(file, ruleChild.scenario, scope, findings));
        }
      }
    }
  }
  return scenarios;
}

/** Analyses one spec file. Never throws on any input: every problem becomes a finding. */
export function analyseSpecFile(path: string, bytes: Uint8Array): AnalysedFile {
  const base = { path, sha256: sha256Hex(bytes), size: bytes.length };
  const decoded = decodeSpec(path, bytes);
  if (!decoded.ok) return { model: { ...base, parsed: false, scenarios: [] }, findings: [decoded.finding] };
  const parsed = parseGherkin(path, decoded.text);
  if (!parsed.ok) return { model: { ...base, parsed: false, scenarios: [] }, findings: sortFindings(parsed.findings) };

  const findings: RawFinding[] = [];
  const feature = parsed.document.feature;
  const scenarios = feature === undefined ? [] : analyseFeature(path, feature, findings);
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
