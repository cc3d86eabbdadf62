// Reads feature files into the model the generator works from: features, scenarios (inside Rules
// too), example rows and the HTTP routes their `When I call …` steps name. Parsed by the official
// Gherkin parser, so every dialect, Background, Rule and Outline works.
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type FeatureChild, type GherkinDocument, type RuleChild, type Scenario, type Step, type Tag } from '@cucumber/messages';
import { GenerateError } from './errors.js';
import { parseCall, type HttpMethod } from './step-catalog.js';

export interface SpecSource {
  /** POSIX path relative to the project root. */
  readonly path: string;
  readonly text: string;
}

export interface StepModel {
  readonly keyword: string;
  /** Given / When / Then after And and But take the type of the step before them. */
  readonly type: 'Given' | 'When' | 'Then';
  /** Step text as written (outline placeholders kept as `<name>`). */
  readonly text: string;
  readonly line: number;
  readonly argument?: 'docString' | 'dataTable';
}

export interface ScenarioModel {
  readonly name: string;
  readonly line: number;
  readonly rule?: string;
  /** Own tags plus the Rule's and Feature's, as Gherkin inherits them. */
  readonly tags: readonly string[];
  /** Background steps prepended to this scenario (the Feature's, then its Rule's). */
  readonly background: readonly StepModel[];
  readonly steps: readonly StepModel[];
  /** Line of each example row; empty for a plain Scenario. */
  readonly exampleLines: readonly number[];
  /** Each example row as `placeholder → value` (same order as exampleLines). */
  readonly exampleValues: readonly Readonly<Record<string, string>>[];
}

export interface RouteModel {
  readonly method: HttpMethod;
  /** Express-style path: outline placeholders `<id>` become `:id`; no query string. */
  readonly path: string;
  /** Lines of the scenarios that call it. */
  readonly scenarioLines: readonly number[];
}

export interface FeatureModel {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly language: string;
  readonly tags: readonly string[];
  /** The Feature-level Background steps. */
  readonly background: readonly StepModel[];
  readonly scenarios: readonly ScenarioModel[];
  readonly routes: readonly RouteModel[];
}

const tagNames = (tags: readonly Tag[]): string[] => tags.map((t) => t.name);

const TYPES = { Context: 'Given', Action: 'When', Outcome: 'Then' } as const;

/** Maps steps to models, carrying the type of the previous step over And/But (every dialect). */
function stepModels(steps: readonly Step[]): StepModel[] {
  let previous: StepModel['type'] = 'Given';
  return steps.map((step) => {
    const type = TYPES[step.keywordType as keyof typeof TYPES] ?? previous;
    previous = type;
    const argument = step.docString ? 'docString' : step.dataTable ? 'dataTable' : undefined;
    return { keyword: step.keyword.trim(), type, text: step.text, line: step.location.line, ...(argument ? { argument } : {}) };
  });
}

/** `/v1/payments/<id>?x=1` → `/v1/payments/:id`. */
export function routePath(raw: string): string {
  const withoutQuery = raw.split(/[?#]/)[0] ?? raw;
  const rooted = withoutQuery.startsWith('/') ? withoutQuery : `/${withoutQuery}`;
  return rooted.replace(/<([^<>]+)>/g, (_m, name: string) => `:${name.replace(/[^A-Za-z0-9_]/g, '_')}`);
}

function parseDocument(source: SpecSource): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  try {
    return parser.parse(source.text);
  } catch (error) {
    const line = /\((\d+):\d+\)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new GenerateError('SPEC_UNPARSEABLE', `${source.path} is not valid Gherkin: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      path: source.path,
      ...(line ? { line: Number(line) } : {}),
      hint: `run 'specgate validate ${source.path}' for every finding, fix them, then generate again`,
      cause: error,
    });
  }
}

function scenarioModel(scenario: Scenario, inherited: readonly string[], background: readonly StepModel[], rule?: string): ScenarioModel {
  return {
    name: scenario.name,
    line: scenario.location.line,
    ...(rule === undefined ? {} : { rule }),
    tags: [...inherited, ...tagNames(scenario.tags)],
    background,
    steps: stepModels(scenario.steps),
    exampleLines: scenario.examples.flatMap((ex) => ex.tableBody.map((row) => row.location.line)),
    exampleValues: scenario.examples.flatMap((ex) =>
      ex.tableBody.map((row) => Object.fromEntries(row.cells.map((cell, i) => [ex.tableHeader?.cells[i]?.value ?? '', cell.value]))),
    ),
  };
}

/**
 * Collects the scenarios of a Feature or Rule into `into`. A Background applies to the scenarios
 * after it in its Feature or Rule; a Rule's Background comes after the Feature's. Returns the
 * Background in force at the end (the Feature's, for the caller).
 */
function collectScenarios(
  children: readonly (FeatureChild | RuleChild)[],
  inherited: readonly string[],
  outer: readonly StepModel[],
  into: ScenarioModel[],
  rule?: string,
): StepModel[] {
  let background: StepModel[] = [...outer];
  for (const child of children) {
    if (child.background) background = [...outer, ...stepModels(child.background.steps)];
    if (child.scenario) into.push(scenarioModel(child.scenario, inherited, background, rule));
    if ('rule' in child && child.rule) collectScenarios(child.rule.children, [...inherited, ...tagNames(child.rule.tags)], background, into, child.rule.name);
  }
  return background;
}

/** The routes the scenarios' `I call` steps name, merged by method and path, sorted. */
function collectRoutes(scenarios: readonly ScenarioModel[]): RouteModel[] {
  const routes = new Map<string, { method: HttpMethod; path: string; lines: Set<number> }>();
  for (const scenario of scenarios) {
    for (const step of [...scenario.background, ...scenario.steps]) {
      // `<payment id>` is a valid placeholder; make it one path token before matching the step.
      const call = parseCall(step.text.replace(/<([^<>]+)>/g, (_m, name: string) => `<${name.replace(/[^A-Za-z0-9_]/g, '_')}>`));
      if (!call) continue;
      const path = routePath(call.path);
      const key = `${call.method} ${path}`;
      const route = routes.get(key) ?? { method: call.method, path, lines: new Set<number>() };
      route.lines.add(scenario.line);
      routes.set(key, route);
    }
  }
  return [...routes.values()]
    .map((r) => ({ method: r.method, path: r.path, scenarioLines: [...r.lines].sort((a, b) => a - b) }))
    .sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
}

/** Parses one feature file; a syntax error is a GenerateError naming file and line. */
export function parseFeature(source: SpecSource): FeatureModel | undefined {
  const feature = parseDocument(source).feature;
  if (!feature) return undefined;
  const featureTags = tagNames(feature.tags);
  const scenarios: ScenarioModel[] = [];
  const background = collectScenarios(feature.children, featureTags, [], scenarios);
  return {
    file: source.path,
    name: feature.name,
    description: feature.description.trim(),
    language: feature.language,
    tags: featureTags,
    background,
    scenarios,
    routes: collectRoutes(scenarios),
  };
}

/** The step texts a scenario's pickles will have: placeholders replaced by each example row. */
export function concreteTexts(step: StepModel, scenario: ScenarioModel): string[] {
  if (scenario.exampleValues.length === 0 || !/<[^<>]+>/.test(step.text)) return [step.text];
  return scenario.exampleValues.map((values) => step.text.replace(/<([^<>]+)>/g, (whole, name: string) => values[name] ?? whole));
}
