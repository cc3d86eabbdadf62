// Spec text must never break or inject code: plan a project from a hostile feature, type-check
// every generated TypeScript file with the real compiler and evaluate the transpiled modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CucumberExpression, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { commentText, mdCode, mdText, tsString } from './escape.js';
import { parseFeature } from './model.js';
import { planGeneration } from './plan.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hostileText = fs.readFileSync(path.join(REPO, 'test/fixtures/generate/hostile.feature'), 'utf8');
const feature = parseFeature({ path: 'features/hostile.feature', text: hostileText })!;
const NASTY = ['"', "'", '`', '${x}', '*/', '/*', '\\', '\n', '\r', '\u2028', '\u2029', '</script>', '支付', '\0'];

describe('escape primitives', () => {
  it('tsString round-trips any text through eval', () => {
    for (const text of [...NASTY, NASTY.join('')]) {
      expect(eval(tsString(text))).toBe(text);
    }
  });

  it('commentText never ends a comment line', () => {
    expect(commentText('a\nb\r\nc\u2028d\u2029e')).toBe('a b c d e');
  });

  it('mdCode wraps text containing backticks; mdText escapes markup', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdText('<script>|*x*')).toBe('\\<script\\>\\|\\*x\\*');
  });
});

describe('generated code from hostile spec text', () => {
  const plan = planGeneration({ features: [feature], featureSha: '0123456789ab', out: 'src/generated', docs: 'docs' });
  const root = tempDir('specgate-inject-');
  for (const file of plan.files) {
    fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    fs.writeFileSync(path.join(root, file.path), file.content);
  }

  it('type-checks under strict TypeScript with no diagnostics', () => {
    const files = plan.files.filter((f) => f.path.endsWith('.ts')).map((f) => path.join(root, f.path));
    const program = ts.createProgram(files, {
      strict: true,
      noUncheckedIndexedAccess: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      // The generated files are what is under test; re-checking @types/node and the standard library
      // on every run cost over a minute and proved nothing about specgate's output.
      skipLibCheck: true,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [path.join(REPO, 'node_modules/@types')],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('evaluates to data that holds the spec text verbatim and runs none of it', async () => {
    const port = plan.files.find((f) => f.path.endsWith('/port.ts'))!;
    const js = ts.transpileModule(port.content, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = path.join(root, 'port.mjs');
    fs.writeFileSync(file, js);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, { name: string; file: string }>;
    const constant = Object.values(mod)[0]!;
    expect(constant.name).toBe(feature.name);
    expect(constant.name).toContain('${process.exit(1)}');
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('keeps docs free of raw HTML and traceability.json valid JSON with the exact names', () => {
    const doc = plan.files.find((f) => f.path.endsWith('.md'))!.content;
    expect(doc).not.toContain('<script>');
    const trace = JSON.parse(plan.files.find((f) => f.path === 'docs/traceability.json')!.content);
    expect(trace.features[0].name).toBe(feature.name);
    expect(trace.features[0].scenarios.map((s: { name: string }) => s.name)).toEqual(feature.scenarios.map((s) => s.name));
  });

  it('writes project step stubs whose Cucumber Expression matches the original step text', () => {
    const steps = plan.files.find((f) => f.path.endsWith('.steps.ts'))!;
    const js = ts.transpileModule(steps.content, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const registered: { pattern: string; fn: (...a: unknown[]) => unknown }[] = [];
    const add = (pattern: string, fn: (...a: unknown[]) => unknown) => registered.push({ pattern, fn });
    const module = { exports: {} as { default?: (api: unknown) => void } };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the generated code is what this test is for
    new Function('module', 'exports', js)(module, module.exports);
    module.exports.default!({ Given: add, When: add, Then: add });
    const text = `the user's "weird" step with \`ticks\` and \${x} and */ happens`;
    const match = (pattern: string) => new CucumberExpression(pattern, new ParameterTypeRegistry()).match(text)?.map((a) => a.getValue(null));
    expect(registered.map((r) => match(r.pattern))).toEqual([['weird']]);
    expect(registered[0]!.fn()).toBe('pending');
  });
});
