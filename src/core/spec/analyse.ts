// The spec rules of docs/contracts.md §1 applied to one file: parse once with the official parser, walk the
// AST once, and return both the model (scenarios with their budgets) and every finding.
import type { Background, Feature, Scenario, Step } from '@cucumber/messages';
import { declaredBy, describe, UNDECLARED, type BudgetCache, type Declared, type Walk } from './budgets.js';
import { sha256Hex } from '../data.js';
import { sortFindings, type RawFinding } from './findings.js';
import { parseGherkin } from './gherkin.js';
import type { BudgetSource, ScenarioSpec, SpecFileModel } from './model.js';
import { isResourceTag } from './resource-tag.js';
import { decodeSpec } from './source.js';
import { ACTION, CONTEXT, OUTCOME, REQUIRED_STEPS, stepTypes } from './steps.js';

export type { BudgetCache } from './budgets.js';

export interface AnalysedFile {
  readonly model: SpecFileModel;
  readonly findings: RawFinding[];
}

function uniqueSorted(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

interface Scope {
  readonly featureName: string;
  readonly ruleName?: string;
  /** Feature and Rule tag names, sorted and unique (shared by the scenarios in scope). */
  readonly inheritedTags: readonly string[];
  readonly feature: Declared;
  readonly rule: Declared;
  readonly background: readonly Step[];
}

type At = Pick<RawFinding, 'file' | 'line' | 'column' | 'scenario'>;

/** The budget in force: the scenario's own, else its Rule's, else its Feature's; none is a finding. */
function chooseBudget(walk: Walk, own: Declared, scope: Scope, at: At, what: () => string): { source: BudgetSource | undefined; chosen: Declared } {
  if (own.declared) return { source: 'scenario', chosen: own };
  if (scope.rule.declared) return { source: 'rule', chosen: scope.rule };
  if (scope.feature.declared) return { source: 'feature', chosen: scope.feature };
  walk.findings.push({
    ...at,
    code: 'RESOURCE_MISSING',
    message: `${what()} has no @resource tag on itself, its Rule or its Feature; add one like @resource:cpu=0.5,memory=512,storage=100,story_points=3`,
  });
  return { source: undefined, chosen: UNDECLARED };
}

/** A @resource tag on an Examples block is a finding: budgets belong to the scenario. */
function checkExamplesTags(walk: Walk, scenario: Scenario): void {
  for (const examples of scenario.examples) {
    for (const tag of examples.tags) {
      if (!isResourceTag(tag.name)) continue;
      walk.findings.push({
        file: walk.file,
        line: tag.location.line,
        column: tag.location.column ?? 1,
        scenario: scenario.name,
        code: 'RESOURCE_MALFORMED',
        message: `${tag.name} is on an Examples block, where budgets do not apply; move it to the ${scenario.keyword.trim()}`,
      });
    }
  }
}

/** Given, When and Then must each occur once the Background is prepended. */
function checkStepTypes(walk: Walk, scenario: Scenario, scope: Scope, at: At, what: () => string): void {
  const types = stepTypes(scope.background, scenario.steps);
  if (types === (CONTEXT | ACTION | OUTCOME)) return;
  for (const [type, code, label] of REQUIRED_STEPS) {
    if ((types & type) === 0) walk.findings.push({ ...at, code, message: `${what()} has no ${label} step after Background steps are prepended; add one` });
  }
}

function countPickles(scenario: Scenario): { outline: boolean; examples: number; pickles: number } {
  const outline = scenario.examples.length > 0;
  let examples = 0;
  let pickles = outline ? 0 : 1;
  for (const block of scenario.examples) {
    examples += block.tableBody.length;
    // The compiler makes no pickles of an Examples block without a header row.
    if (block.tableHeader !== undefined) pickles += block.tableBody.length;
  }
  return { outline, examples, pickles };
}

function analyseScenario(walk: Walk, scenario: Scenario, scope: Scope): ScenarioSpec {
  // Named lazily: the message is only built when there is a finding, which is the rare case.
  const what = (): string => describe(scenario.keyword, scenario.name);
  const own = declaredBy(walk, scenario.tags, what, scenario.name);
  const at = { file: walk.file, line: scenario.location.line, column: scenario.location.column ?? 1, scenario: scenario.name };
  const { source, chosen } = chooseBudget(walk, own, scope, at, what);
  checkExamplesTags(walk, scenario);
  checkStepTypes(walk, scenario, scope, at, what);
  const { outline, examples, pickles } = countPickles(scenario);
  const tags = scenario.tags.length === 0 ? scope.inheritedTags : [...new Set([...scope.inheritedTags, ...scenario.tags.map((t) => t.name)])].sort();
  return {
    file: walk.file,
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
