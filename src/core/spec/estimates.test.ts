import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyseSpecFile } from './analyse.js';
import { buildResourceEstimates } from './estimates.js';
import { buildSpecModel, buildValidationReport } from './report.js';

const SCHEMAS = path.resolve(import.meta.dirname, '../../../schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateEstimates = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'resource-estimates.schema.json'), 'utf8')));
const validateReport = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'spec-validation-report.schema.json'), 'utf8')));

const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
const PAY = `@resource:cpu=0.1,memory=128,storage=10,story_points=1
Feature: pay
  Scenario: a
    Given x
    When y
    Then z
  @resource:cpu=0.2,memory=256,storage=20,story_points=2
  Rule: r
    Scenario Outline: b <n>
      Given <n>
      When y
      Then z
      Examples:
        | n |
        | 1 |
        | 2 |
`;
const SHIP = `Feature: ship
  @resource:cpu=16,memory=32768,storage=100000,story_points=20
  Scenario: big
    Given x
    When y
    Then z
  Scenario: unbudgeted
    Given x
    When y
    Then z
`;

function model() {
  return buildSpecModel([analyseSpecFile('features/ship.feature', enc(SHIP)).model, analyseSpecFile('features/pay.feature', enc(PAY)).model]);
}

describe('buildResourceEstimates', () => {
  it('lists budgets per scenario with their source, sorted by file then line', () => {
    const doc = buildResourceEstimates(model());
    expect(doc.scenarios.map((s) => [s.file, s.line, s.scenario, s.cpu, s.examples, s.source, s.rule ?? null])).toEqual([
      ['features/pay.feature', 3, 'a', 0.1, 0, 'feature', null],
      ['features/pay.feature', 9, 'b <n>', 0.2, 2, 'rule', 'r'],
      ['features/ship.feature', 3, 'big', 16, 0, 'scenario', null],
    ]);
    expect(doc.unbudgeted).toEqual([{ file: 'features/ship.feature', line: 7, scenario: 'unbudgeted' }]);
  });

  it('sums exactly (0.1 + 0.2 cores is 0.3) and takes peaks, per feature and in total', () => {
    const doc = buildResourceEstimates(model());
    expect(doc.features).toEqual([
      { file: 'features/pay.feature', feature: 'pay', scenarios: 2, cpu: { sum: 0.3, peak: 0.2 }, memory: { sum: 384, peak: 256 }, storage: { sum: 30, peak: 20 }, story_points: 3 },
      { file: 'features/ship.feature', feature: 'ship', scenarios: 1, cpu: { sum: 16, peak: 16 }, memory: { sum: 32768, peak: 32768 }, storage: { sum: 100000, peak: 100000 }, story_points: 20 },
    ]);
    expect(doc.totals).toEqual({ scenarios: 3, cpu: { sum: 16.3, peak: 16 }, memory: { sum: 33152, peak: 32768 }, storage: { sum: 100030, peak: 100000 }, story_points: 23 });
    expect(doc.measured).toBeNull();
    expect(doc.featureSha).toMatch(/^[0-9a-f]{12}$/);
  });

  it('validates against schemas/resource-estimates.schema.json', () => {
    const doc = buildResourceEstimates(model());
    expect(validateEstimates(doc), ajv.errorsText(validateEstimates.errors)).toBe(true);
    expect(validateEstimates({ ...doc, measured: 'later' })).toBe(false);
    expect(validateEstimates({ ...doc, totals: { ...doc.totals, extra: 1 } })).toBe(false);
  });
});

describe('buildValidationReport', () => {
  it('is a schema-valid document with findings sorted by file and line', () => {
    const report = buildValidationReport({ model: model(), findings: [
      ...analyseSpecFile('features/ship.feature', enc(SHIP)).findings,
      ...analyseSpecFile('features/pay.feature', enc(`${PAY}\n  Scenario: no steps\n`)).findings,
    ], mode: 'compliance', toolVersion: '9.9.9' });
    expect(validateReport(report), ajv.errorsText(validateReport.errors)).toBe(true);
    expect(report.findings.map((f) => [f.file, f.line, f.code])).toEqual([
      ['features/pay.feature', 18, 'STEP_MISSING_GIVEN'],
      ['features/pay.feature', 18, 'STEP_MISSING_THEN'],
      ['features/pay.feature', 18, 'STEP_MISSING_WHEN'],
      ['features/ship.feature', 7, 'RESOURCE_MISSING'],
    ]);
    expect(report.status).toBe('fail');
    expect(report.summary).toMatchObject({ files: 2, features: 2, scenarios: 4, examples: 2, pickles: 5, errors: 4, warnings: 0 });
  });
});
