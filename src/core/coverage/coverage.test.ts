import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageGate, readerFor, CoverageParseError } from './index.js';
import { istanbulSummaryReader } from './istanbul.js';
import { lcovReader } from './lcov.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/coverage');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const withLines = (pct: number) => ({ format: 'istanbul-summary' as const, lines: { total: 1000, covered: pct * 10, pct } });

describe('coverage readers', () => {
  it('reads the total of an istanbul json-summary', () => {
    const cov = istanbulSummaryReader.read(fixture('coverage-summary.json'));
    expect(cov.lines).toEqual({ total: 1000, covered: 852, pct: 85.2 });
    expect(cov.branches?.pct).toBe(70);
  });

  it('accepts "pct": "Unknown" as not measurable', () => {
    const cov = istanbulSummaryReader.read(fixture('unknown-summary.json'));
    expect(cov.lines.pct).toBeNull();
    expect(coverageGate('sandbox', cov, 70)).toMatchObject({ outcome: 'warn', met: false });
  });

  it('sums LF/LH over lcov records', () => {
    const cov = lcovReader.read(fixture('lcov.info'));
    expect(cov.lines).toEqual({ total: 10, covered: 7, pct: 70 });
    expect(cov.functions).toEqual({ total: 3, covered: 2, pct: 66.67 });
  });

  it('counts lcov lines from DA entries when the LF/LH summary is wrong (coverage.py 6.5: LH > LF)', () => {
    const text = fixture('coverage-py-6.5.lcov.info');
    expect(text).toMatch(/^LF:39\nLH:41$/m);
    const cov = lcovReader.read(text);
    expect(cov.lines).toEqual({ total: 90, covered: 90, pct: 100 });
    expect(lcovReader.read('SF:a\nDA:1,1\nDA:2,0\nDA:3,4\nLF:3\nLH:9\nend_of_record\n').lines).toEqual({ total: 3, covered: 2, pct: 66.67 });
  });

  it('reads a coverage.py JSON report (statements as lines, branches) and tells it from istanbul by content', () => {
    const text = fixture('coverage-py.json');
    const reader = readerFor('coverage/coverage.json', text);
    expect(reader?.format).toBe('coverage-py');
    const cov = reader!.read(text);
    expect(cov.lines).toEqual({ total: 84, covered: 84, pct: 100 });
    expect(cov.branches).toEqual({ total: 28, covered: 27, pct: 96.43 });
    expect(readerFor('coverage/coverage-summary.json', fixture('coverage-summary.json'))?.format).toBe('istanbul-summary');
    expect(() => reader!.read('{"meta":{},"totals":{"num_statements":-1}}')).toThrowError(/num_statements/);
  });

  it('names the line of a malformed lcov count', () => {
    expect(() => lcovReader.read('SF:a\nLF:x\nend_of_record\n')).toThrowError(CoverageParseError);
    try {
      lcovReader.read('SF:a\nLF:x\nend_of_record\n');
    } catch (error) {
      expect((error as CoverageParseError).line).toBe(2);
    }
  });

  it('rejects files that are not coverage', () => {
    expect(() => istanbulSummaryReader.read('{"x":1}')).toThrowError(/no "total"/);
    expect(() => istanbulSummaryReader.read('nope')).toThrowError(/not JSON/);
    expect(() => lcovReader.read('hello')).toThrowError(/not an lcov/);
  });

  it('picks the reader by file name, then content', () => {
    expect(readerFor('coverage/lcov.info', '')?.format).toBe('lcov');
    expect(readerFor('coverage/coverage-summary.json', '')?.format).toBe('istanbul-summary');
    expect(readerFor('coverage.txt', 'TN:\nSF:x\n')?.format).toBe('lcov');
  });
});

describe('coverage gate at the threshold', () => {
  it.each([
    [69.9, 'sandbox', 'warn'],
    [69.9, 'compliance', 'fail'],
    [70, 'compliance', 'pass'],
    [70.1, 'compliance', 'pass'],
    [70, 'sandbox', 'pass'],
  ] as const)('%s%% in %s → %s', (pct, mode, outcome) => {
    expect(coverageGate(mode, withLines(pct), 70).outcome).toBe(outcome);
  });
});
