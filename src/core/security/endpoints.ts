// The HTTP endpoints a project's specs declare (`When I call GET /v1/ping`), for the SBOM's
// `services`. Parsed with the official Gherkin parser so every dialect, Background, Rule and
// Outline counts; a file that does not parse is reported, not guessed at.
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type FeatureChild, type RuleChild, type Step } from '@cucumber/messages';

export interface DeclaredEndpoint {
  readonly method: string;
  /** The path as the spec writes it; Outline placeholders `<id>` become `{id}`. */
  readonly path: string;
  /** Where it is first declared: `features/ping.feature:7`. */
  readonly source: string;
}

export interface EndpointScan {
  readonly endpoints: readonly DeclaredEndpoint[];
  /** Files that did not parse: `features/x.feature:3: <parser message>`. */
  readonly problems: readonly string[];
}

const CALL = /\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+(\/[^\s"'`]*)/;

/** Normalises a spec path into an IRI reference: no query or fragment, placeholders as `{name}`. */
export function endpointPath(raw: string): string {
  const path = raw.replace(/[?#].*$/, '').replace(/[.,;:!)]+$/, '');
  return path.replace(/<([^>]+)>/g, (_m, name: string) => `{${name.trim().replace(/\s+/g, '_')}}`);
}

function stepsOf(children: readonly (FeatureChild | RuleChild)[]): Step[] {
  const steps: Step[] = [];
  for (const child of children) {
    if (child.background) steps.push(...child.background.steps);
    if (child.scenario) steps.push(...child.scenario.steps);
    if ('rule' in child && child.rule) steps.push(...stepsOf(child.rule.children));
  }
  return steps;
}

/** Scans feature files (`{path, text}`, path relative to the project root) for called endpoints. */
export function scanEndpoints(files: readonly { readonly path: string; readonly text: string }[]): EndpointScan {
  const found = new Map<string, DeclaredEndpoint>();
  const problems: string[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
    let steps: Step[];
    try {
      const doc = parser.parse(file.text);
      steps = doc.feature ? stepsOf(doc.feature.children) : [];
    } catch (error) {
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      problems.push(`${file.path}: ${first}`);
      continue;
    }
    for (const step of steps) {
      const match = CALL.exec(step.text);
      if (!match?.[1] || !match[2]) continue;
      const endpoint = { method: match[1], path: endpointPath(match[2]), source: `${file.path}:${step.location.line}` };
      const key = `${endpoint.method} ${endpoint.path}`;
      if (!found.has(key)) found.set(key, endpoint);
    }
  }
  const endpoints = [...found.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return { endpoints, problems };
}
