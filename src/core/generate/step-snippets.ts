// Project step snippets: the steps the HTTP step library does not define, written once per
// Cucumber Expression across the whole spec set. `the order "A" has 2 items` in one feature and
// `the order "B" has 5 items` in another are one definition, `the order {string} has {int} items`;
// two definitions matching the same step would make cucumber report it `ambiguous`.
import { isLibraryStep } from './step-catalog.js';
import { concreteTexts, type FeatureModel, type StepModel } from './model.js';

export type ParameterKind = 'string' | 'int' | 'float';

export interface StepSnippet {
  /** Cucumber Expression matching every step text it stands for. */
  readonly expression: string;
  readonly parameters: readonly ParameterKind[];
  /** The first step (in path, then line order) it was made for. */
  readonly step: StepModel;
  readonly file: string;
}

/** Double-quoted text, or a number standing alone (not `v1`, not part of `1.2.3`). */
const TOKEN = /"([^"\\]*)"|(?<![\w.])(-?\d+(\.\d+)?)(?!\w)(?!\.\d)/g;

/** Characters with a meaning in Cucumber Expressions: optional `( )`, alternation `/`, parameters `{ }`. */
function escapeLiteral(text: string): string {
  return text.replace(/[\\(){}/]/g, '\\$&');
}

/** `the order "A" costs 12.50 in 2 parts` → `the order {string} costs {float} in {int} parts`. */
export function cucumberExpression(text: string): { expression: string; parameters: ParameterKind[] } {
  const parameters: ParameterKind[] = [];
  let expression = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const kind: ParameterKind = match[1] !== undefined ? 'string' : match[3] !== undefined ? 'float' : 'int';
    expression += `${escapeLiteral(text.slice(last, match.index))}{${kind}}`;
    parameters.push(kind);
    last = match.index + match[0].length;
  }
  return { expression: expression + escapeLiteral(text.slice(last)), parameters };
}

/** `{float}` also matches `5`: expressions that differ only in int/float would be ambiguous, so they share one. */
const numberKey = (expression: string): string => expression.replace(/\{int\}/g, '{float}');

interface Occurrence {
  readonly file: string;
  readonly step: StepModel;
  readonly expression: string;
  readonly parameters: readonly ParameterKind[];
}

/** Every project step occurrence of the features, in path then line order. */
function occurrences(features: readonly FeatureModel[]): Occurrence[] {
  return features.flatMap((feature) =>
    feature.scenarios.flatMap((scenario) =>
      [...scenario.background, ...scenario.steps].flatMap((step) =>
        concreteTexts(step, scenario)
          .filter((text) => !isLibraryStep(text))
          .map((text) => ({ file: feature.file, step, ...cucumberExpression(text) })),
      ),
    ),
  );
}

/** Int and float in the same place across steps: both become `{float}`. */
function widenNumbers(all: readonly Occurrence[]): Occurrence[] {
  const variants = new Map<string, Set<string>>();
  for (const o of all) variants.set(numberKey(o.expression), (variants.get(numberKey(o.expression)) ?? new Set()).add(o.expression));
  return all.map((o) => {
    if ((variants.get(numberKey(o.expression))?.size ?? 0) < 2) return o;
    return { ...o, expression: numberKey(o.expression), parameters: o.parameters.map((p) => (p === 'int' ? 'float' : p)) };
  });
}

/**
 * One snippet per distinct expression, owned by the first feature (path order) that uses it; the
 * result maps each feature file to the snippets its steps file defines.
 */
export function planStepSnippets(features: readonly FeatureModel[]): Map<string, StepSnippet[]> {
  const byFile = new Map<string, StepSnippet[]>();
  const seen = new Set<string>();
  for (const o of widenNumbers(occurrences(features))) {
    if (seen.has(o.expression)) continue;
    seen.add(o.expression);
    byFile.set(o.file, [...(byFile.get(o.file) ?? []), { expression: o.expression, parameters: o.parameters, step: o.step, file: o.file }]);
  }
  return byFile;
}

/** Every step (file, line, text) the library does not define, once per feature and step text. */
export function undefinedStepLines(features: readonly FeatureModel[]): { file: string; line: number; text: string }[] {
  const seen = new Set<string>();
  return occurrences(features).flatMap((o) => {
    const key = `${o.file}\0${o.step.text}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ file: o.file, line: o.step.line, text: o.step.text }];
  });
}
