// Property: whatever text a spec holds (names, step text, route paths, file names), every planned
// path stays inside the output folder, every TypeScript file parses, and evaluated constants and
// traceability.json hold the spec text verbatim.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { FeatureModel } from './model.js';
import { unsafePathReason } from './naming.js';
import { planGeneration } from './plan.js';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const nasty = fc.constantFrom('"', "'", '`', '${', '}', '*/', '/*', '\\', '\n', '\u2028', '../', '/', '<', '>', '|', '\0', '\r');
const specText = fc.array(fc.oneof(text, nasty), { maxLength: 6 }).map((parts) => parts.join(''));
const routePath = fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/\s/.test(s)), fc.constantFrom('`', '${x}', '"', '*/', '\\', ':id')), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`);

const feature = fc.record({
  file: specText.map((s) => `features/${s}.feature`),
  name: specText,
  description: specText,
  scenario: specText,
  step: specText,
  path: routePath,
  method: fc.constantFrom('GET', 'POST', 'DELETE' as const),
});

function model(f: { file: string; name: string; description: string; scenario: string; step: string; path: string; method: 'GET' | 'POST' | 'DELETE' }): FeatureModel {
  return {
    file: f.file,
    name: f.name,
    description: f.description,
    language: 'en',
    tags: [],
    background: [],
    scenarios: [
      {
        name: f.scenario,
        line: 3,
        tags: [],
        background: [],
        steps: [
          { keyword: 'When', type: 'When', text: `I call ${f.method} ${f.path}`, line: 4 },
          { keyword: 'Then', type: 'Then', text: f.step, line: 5 },
        ],
        exampleLines: [],
        exampleValues: [],
      },
    ],
    routes: [{ method: f.method, path: f.path, scenarioLines: [3] }],
  };
}

describe('planGeneration on arbitrary spec text', () => {
  it('stays inside the output folder, parses, and preserves the text', () => {
    fc.assert(
      fc.property(fc.array(feature, { minLength: 1, maxLength: 3 }), (features) => {
        const plan = planGeneration({ features: features.map(model), featureSha: '0123456789ab', out: 'src/generated', docs: 'docs' });
        for (const file of plan.files) {
          expect(unsafePathReason(file.path)).toBeUndefined();
          expect(file.path).toMatch(/^(src|docs)\/[a-z0-9./-]+$/);
          if (!file.path.endsWith('.ts')) continue;
          const out = ts.transpileModule(file.content, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
          expect(out.diagnostics ?? []).toEqual([]);
          if (file.path.endsWith('/port.ts')) {
            const module = { exports: {} as Record<string, { name: string; file: string }> };
            // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is the property under test
            new Function('module', 'exports', 'require', out.outputText)(module, module.exports, () => ({}));
            const constant = Object.values(module.exports)[0]!;
            expect(features.map((f) => f.name)).toContain(constant.name);
          }
        }
        const trace = JSON.parse(plan.files.find((f) => f.path === 'docs/traceability.json')!.content) as { features: { name: string; scenarios: { name: string }[] }[] };
        expect(trace.features.map((f) => f.name).sort()).toEqual(features.map((f) => f.name).sort());
      }),
      { numRuns: 80 },
    );
  }, 180_000);
});
