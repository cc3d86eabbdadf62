import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildSpecCoverage, scenarioResults, worstStatus, type PickleResult } from './spec-coverage.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/spec-coverage.schema.json'), 'utf8'));
// ajv is CommonJS: under NodeNext its class is the module's `default` property.
const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): (d: unknown) => boolean } }).default;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const pickle = (over: Partial<PickleResult>): PickleResult => ({
  id: over.id ?? 'p',
  feature: 'Payments',
  file: 'features/pay.feature',
  line: 3,
  scenario: 's',
  status: 'passed',
  durationMs: 1.23456,
  ...over,
});

describe('buildSpecCoverage', () => {
  const scenarios = [
    pickle({ id: 'c', line: 9, example: 1, status: 'failed', error: 'x'.repeat(5000) }),
    pickle({ id: 'a', line: 3 }),
    pickle({ id: 'b', line: 9, example: 0, status: 'undefined' }),
    pickle({ id: 'd', file: 'features/a.feature', line: 20, status: 'pending' }),
  ];

  it('counts total, implemented and passed per pickle and sorts by location', () => {
    const doc = buildSpecCoverage({ featureSha: '0123456789ab', scenarios, threshold: 100, mode: 'sandbox', code: null });
    expect(doc.scenarios.map((s) => s.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(doc.totals).toMatchObject({ total: 4, implemented: 2, passed: 1, failed: 1, undefined: 1, pending: 1 });
    expect(doc.percentPassed).toBe(25);
    expect(doc.scenarios[3]!.error!.length).toBeLessThan(2100);
    expect(validate(doc)).toBe(true);
  });

  it('gates: sandbox warns, compliance fails below the threshold; both pass at it', () => {
    const base = { featureSha: '0123456789ab', scenarios, code: null };
    expect(buildSpecCoverage({ ...base, threshold: 100, mode: 'sandbox' }).gate.outcome).toBe('warn');
    expect(buildSpecCoverage({ ...base, threshold: 100, mode: 'compliance' }).gate.outcome).toBe('fail');
    expect(buildSpecCoverage({ ...base, threshold: 25, mode: 'compliance' }).gate.outcome).toBe('pass');
    expect(buildSpecCoverage({ ...base, threshold: 26, mode: 'compliance' }).gate.reason).toBe(
      '1 of 4 scenarios passed (25%), threshold 26%; 1 undefined and 1 pending',
    );
  });

  it('treats an empty run as not covered', () => {
    const doc = buildSpecCoverage({ featureSha: '0123456789ab', scenarios: [], threshold: 0, mode: 'compliance', code: null });
    expect(doc.gate).toEqual({ outcome: 'fail', reason: 'no scenarios were run' });
  });

  it('carries the caller-supplied code coverage section, schema-valid', () => {
    const code = { file: 'coverage/coverage-summary.json', format: 'istanbul-summary' as const, lines: { total: 200, covered: 170, pct: 85 }, threshold: 70, met: true };
    const doc = buildSpecCoverage({ featureSha: '0123456789ab', scenarios, threshold: 0, mode: 'compliance', code });
    expect(doc.code).toEqual(code);
    expect(validate(doc)).toBe(true);
    expect(validate({ ...doc, code: { ...code, format: 'cobertura' } })).toBe(false);
  });
});

describe('scenario results', () => {
  it('a scenario is as good as its worst example row', () => {
    expect(worstStatus(['passed', 'skipped'])).toBe('skipped');
    expect(worstStatus(['passed', 'undefined', 'failed'])).toBe('failed');
    const results = scenarioResults([pickle({ line: 9, example: 0 }), pickle({ line: 9, example: 1, status: 'failed' }), pickle({ line: 3 })]);
    expect(Object.fromEntries(results)).toEqual({ 'features/pay.feature:9': 'failed', 'features/pay.feature:3': 'passed' });
  });
});
