import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeature, routePath } from './model.js';
import { planGeneration, configuredFolder } from './plan.js';
import { GenerateError } from './errors.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/generate');
const load = (name: string) => parseFeature({ path: `features/${name}`, text: fs.readFileSync(path.join(FIXTURES, name), 'utf8') })!;
const SHA = 'abcdef012345';
const plan = (names: string[]) => planGeneration({ features: names.map(load), featureSha: SHA, out: 'src/generated', docs: 'docs' });

describe('parseFeature', () => {
  it('reads scenarios inside Rules, outlines with their rows and inherited tags', () => {
    const f = load('payments.feature');
    expect(f.scenarios.map((s) => [s.name, s.rule, s.exampleLines.length])).toEqual([
      ['create', 'creation', 0],
      ['lookup', 'creation', 2],
    ]);
    expect(f.scenarios[0]!.tags).toEqual(['@resource:cpu=0.25,memory=256,storage=20,story_points=3']);
    expect(f.background.map((s) => s.text)).toEqual(['the service is running']);
  });

  it('derives routes from `I call` steps: placeholders become params, queries are dropped, duplicates merge', () => {
    expect(load('payments.feature').routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/payments', 'GET /v1/payments/:payment_id']);
    expect(load('hostile.feature').routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/evil', 'GET /v1/evil/:id']);
    expect(routePath('v1/x?y=<z>')).toBe('/v1/x');
  });

  it('prepends the Feature Background, then the Rule Background, only to the scenarios they cover', () => {
    const f = parseFeature({
      path: 'features/bg.feature',
      text: `Feature: Bg
  Background:
    Given the service is running
  Scenario: outside
    When I call GET /a
  Rule: r
    Background:
      Given the request header "X" is "1"
      And I call POST /setup
    Scenario: inside
      When I call GET /b
`,
    })!;
    expect(f.scenarios.map((s) => [s.name, s.background.map((b) => b.text)])).toEqual([
      ['outside', ['the service is running']],
      ['inside', ['the service is running', 'the request header "X" is "1"', 'I call POST /setup']],
    ]);
    expect(f.background.map((b) => b.text)).toEqual(['the service is running']);
    expect(f.routes.map((r) => [`${r.method} ${r.path}`, r.scenarioLines])).toEqual([
      ['GET /a', [4]],
      ['GET /b', [10]],
      ['POST /setup', [10]],
    ]);
  });

  it('works in every Gherkin dialect, And taking the type of the step before it', () => {
    const f = load('refunds.feature');
    expect(f.language).toBe('fr');
    expect(f.scenarios[0]!.steps.map((s) => s.type)).toEqual(['Given', 'When', 'Then', 'Then']);
    expect(f.routes.map((r) => r.path)).toEqual(['/v1/payments', '/v1/refunds']);
  });

  it('names file and line on a syntax error', () => {
    try {
      parseFeature({ path: 'features/bad.feature', text: 'Feature: x\n  Scenario: y\n    Given a\n  Oops this is not gherkin\n' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GenerateError);
      expect((error as GenerateError).code).toBe('SPEC_UNPARSEABLE');
      expect((error as GenerateError).path).toBe('features/bad.feature');
      expect((error as GenerateError).line).toBe(4);
    }
  });
});

describe('planGeneration', () => {
  it('plans ports, routes, router, scaffolds and docs, sorted by path', () => {
    const result = plan(['payments.feature', 'refunds.feature']);
    expect(result.files.map((f) => `${f.kind} ${f.path}`)).toEqual([
      'generated docs/payments.md',
      'generated docs/remboursements.md',
      'generated docs/traceability.json',
      'generated src/generated/http.ts',
      'generated src/generated/payments/port.ts',
      'generated src/generated/payments/routes.ts',
      'generated src/generated/remboursements/port.ts',
      'generated src/generated/remboursements/routes.ts',
      'generated src/generated/router.ts',
      'scaffold src/services/payments.service.ts',
      'scaffold src/services/remboursements.service.ts',
      'scaffold src/steps/payments.steps.ts',
    ]);
  });

  it('gives a route shared by two features to the first one in path order', () => {
    const result = plan(['refunds.feature', 'payments.feature']);
    const [payments, refunds] = result.features;
    expect(payments!.routes.map((r) => r.path)).toContain('/v1/payments');
    expect(refunds!.routes.map((r) => r.path)).toEqual(['/v1/refunds']);
    expect(refunds!.sharedRoutes).toEqual([expect.objectContaining({ path: '/v1/payments', owner: 'features/payments.feature', operation: 'postV1Payments' })]);
  });

  it('stubs only the steps the HTTP library lacks, after outline substitution', () => {
    const result = plan(['payments.feature']);
    // `I receive a <status> response` is a library step once <status> is 200/404; the audit step is not.
    expect(result.undefinedSteps.map((s) => s.text)).toEqual(['the audit trail records "<payment id>"']);
    const steps = result.files.find((f) => f.path === 'src/steps/payments.steps.ts')!;
    expect(steps.content).toContain('Then("the audit trail records {string}", function (_string1: string)');
  });

  it('is deterministic: the same input gives byte-identical files whatever the input order', () => {
    const a = plan(['payments.feature', 'hostile.feature', 'refunds.feature']);
    const b = plan(['refunds.feature', 'payments.feature', 'hostile.feature']);
    expect(b.files).toEqual(a.files);
  });

  it('marks generated files with the feature SHA', () => {
    for (const file of plan(['payments.feature']).files.filter((f) => f.kind === 'generated')) {
      expect(file.content).toContain(SHA);
    }
  });

  it('keeps every path inside the output folder, whatever the feature is called', () => {
    const result = plan(['traversal.feature', 'absolute.feature', 'hostile.feature']);
    for (const file of result.files) {
      expect(file.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);
      expect(path.posix.normalize(file.path)).toBe(file.path);
    }
    expect(result.features.map((f) => f.slug).sort()).toEqual(['etc-passwd', 'evil-quotes-backticks-process-exit-1-single-back-slash-e-u', 'tmp-escape']);
  });

  it('refuses configured folders that leave the project', () => {
    expect(() => configuredFolder('../elsewhere', 'generate.out')).toThrow(/must be a folder inside the project/);
    expect(() => configuredFolder('/abs', 'generate.out')).toThrow(GenerateError);
    expect(configuredFolder('./src/generated/', 'generate.out')).toBe('src/generated');
  });

  it('makes colliding slugs and operation names unique', () => {
    const twin = (file: string) => parseFeature({ path: file, text: 'Feature: Same name\n  Scenario: s\n    When I call GET /a\n    When I call GET /a/\n' })!;
    const result = planGeneration({ features: [twin('features/a.feature'), twin('features/b.feature')], featureSha: SHA, out: 'gen', docs: 'docs' });
    expect(result.features.map((f) => [f.slug, f.typeName])).toEqual([
      ['same-name', 'SameName'],
      ['same-name-2', 'SameName2'],
    ]);
    expect(result.features[0]!.routes.map((r) => r.operation)).toEqual(['getA', 'getA2']);
  });
});
