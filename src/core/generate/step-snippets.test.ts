import { CucumberExpression, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { describe, expect, it } from 'vitest';
import { parseFeature } from './model.js';
import { planGeneration } from './plan.js';
import { cucumberExpression, planStepSnippets } from './step-snippets.js';
import { expressionRegex } from './templates/python.js';

const feature = (file: string, steps: string) => parseFeature({ path: file, text: `Feature: ${file}\n  Scenario: s\n${steps}` })!;
const matches = (expression: string, text: string) => new CucumberExpression(expression, new ParameterTypeRegistry()).match(text)?.map((a) => a.getValue(null));

describe('cucumberExpression', () => {
  it('turns quoted text and standalone numbers into {string}, {int} and {float}, leaving v1 and 1.2.3 alone', () => {
    expect(cucumberExpression('the order "A-1" has 2 items at 12.50 via /v1 (v1.2.3) and -3')).toEqual({
      expression: String.raw`the order {string} has {int} items at {float} via \/v1 \(v1.2.3\) and {int}`,
      parameters: ['string', 'int', 'float', 'int'],
    });
  });

  it('matches the step it came from with the real Cucumber Expression engine, whatever the text holds', () => {
    for (const text of ['the order "A" has 2 items', String.raw`a (b) c/d {x} \ "q" 5 and 2.5`, "it's `x` ${y} */ 支付 -7", 'total is 0.5.']) {
      const { expression } = cucumberExpression(text);
      expect(matches(expression, text), `${text} → ${expression}`).not.toBeUndefined();
    }
  });

  it('gives Python a regex that matches the same text with the same values', () => {
    const { expression } = cucumberExpression(String.raw`the order "A" (x/y) has 2 items at 1.5 \o/`);
    const { source, groups } = expressionRegex(expression);
    const js = new RegExp(source.replace(/\(\?P</g, '(?<'));
    expect(js.exec(String.raw`the order "A" (x/y) has 2 items at 1.5 \o/`)?.groups).toEqual({ string1: 'A', int2: '2', float3: '1.5' });
    expect(groups).toEqual(['string1', 'int2', 'float3']);
  });
});

describe('step snippets across features', () => {
  const a = feature('features/a.feature', '    Given the order "A" has 2 items\n    Then the total is 5\n');
  const b = feature('features/b.feature', '    Given the order "B" has 5 items\n    Then the total is 5.5\n    And nothing else\n');

  it('writes a step shared by two features with different literals once, in the first feature', () => {
    const snippets = planStepSnippets([a, b]);
    expect(snippets.get('features/a.feature')!.map((s) => s.expression)).toEqual(['the order {string} has {int} items', 'the total is {float}']);
    expect(snippets.get('features/b.feature')!.map((s) => s.expression)).toEqual(['nothing else']);
  });

  it('plans one definition per expression in the TypeScript and the Python scaffolds, so none is ambiguous', () => {
    for (const target of ['typescript', 'python-fastapi'] as const) {
      const plan = planGeneration({ features: [b, a], featureSha: 'abc', out: 'gen', docs: 'docs', target });
      const code = plan.files.filter((f) => f.kind === 'scaffold' && /steps/.test(f.path)).map((f) => f.content).join('\n');
      expect(code.match(/(Given\(|@given\(parsers\.re\()"\^?the order/g)?.length, target).toBe(1);
      expect(plan.undefinedSteps.map((s) => `${s.file}:${s.line}`)).toEqual(['features/a.feature:3', 'features/a.feature:4', 'features/b.feature:3', 'features/b.feature:4', 'features/b.feature:5']);
    }
  });
});
