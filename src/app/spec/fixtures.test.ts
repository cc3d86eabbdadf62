// Every finding code of docs/contracts.md §1 has a fixture under test/fixtures/spec/bad/<CODE>.feature with
// its expected findings (compiler form, sandbox) beside it; good/ holds valid specs at every range
// bound, every inheritance level and several dialects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { FINDING_CODES, formatFinding } from '../../core/spec/findings.js';
import { buildResourceEstimates } from '../../core/spec/estimates.js';
import { validateSpecs } from './validate.js';

const ROOT = path.resolve(import.meta.dirname, '../../../test/fixtures/spec');
const nodeFs = new NodeFileSystem();

describe('bad fixtures: one per finding code', () => {
  it.each(FINDING_CODES)('%s', async (code) => {
    const rel = `bad/${code}.feature`;
    const expected = fs.readFileSync(path.join(ROOT, `bad/${code}.findings.txt`), 'utf8').trimEnd().split('\n');
    const { report } = await validateSpecs({ fs: nodeFs, root: ROOT, paths: [rel], mode: 'sandbox' });
    expect(report.findings.map((f) => formatFinding(f))).toEqual(expected);
    expect(report.findings.some((f) => f.code === code)).toBe(true);
    expect(report.status).toBe('warn');
  });

  it('compliance turns the same findings into errors', async () => {
    const { report } = await validateSpecs({ fs: nodeFs, root: ROOT, paths: ['bad'], mode: 'compliance' });
    expect(report.status).toBe('fail');
    expect(new Set(report.findings.map((f) => f.code))).toEqual(new Set(FINDING_CODES));
    expect(report.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(report.summary.warnings).toBe(0);
    expect(report.summary.errors).toBe(report.findings.length);
  });
});

describe('good fixtures', () => {
  it('produce no findings in compliance mode', async () => {
    const { report } = await validateSpecs({ fs: nodeFs, root: ROOT, paths: ['good'], mode: 'compliance' });
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('pass');
    expect(report.files.map((f) => f.language)).toEqual(['en', 'en', 'de', 'fr', 'ja', 'en']);
  });

  it('budgets at the exact bounds and every inheritance level reach the estimates', async () => {
    const { model } = await validateSpecs({ fs: nodeFs, root: ROOT, paths: ['good/bounds.feature', 'good/inheritance.feature'], mode: 'compliance' });
    const estimates = buildResourceEstimates(model);
    const bounds = estimates.scenarios.filter((s) => s.file === 'good/bounds.feature');
    expect(bounds.map((s) => [s.cpu, s.memory, s.storage, s.story_points])).toEqual([
      [0.1, 128, 10, 1],
      [16, 32768, 100000, 20],
      [0.125, 512, 100, 3],
      [2, 1024, 250, 5],
    ]);
    const inherited = estimates.scenarios.filter((s) => s.file === 'good/inheritance.feature');
    expect(inherited.map((s) => [s.scenario, s.source, s.cpu, s.examples, s.rule ?? null])).toEqual([
      ['takes the feature budget', 'feature', 0.5, 0, null],
      ['its own budget wins over the feature', 'scenario', 1, 0, null],
      ['takes the rule budget', 'rule', 2, 0, 'refunds have their own budget'],
      ['its own budget wins over the rule (<n>)', 'scenario', 4, 3, 'refunds have their own budget'],
      ['falls back to the feature budget', 'feature', 0.5, 0, 'a rule without a budget'],
    ]);
  });
});

describe('retain: counts', () => {
  it('gives the same report as the full model over every fixture, and keeps no scenario', async () => {
    for (const mode of ['sandbox', 'compliance'] as const) {
      const full = await validateSpecs({ fs: nodeFs, root: ROOT, paths: ['good', 'bad'], mode });
      const lean = await validateSpecs({ fs: nodeFs, root: ROOT, paths: ['good', 'bad'], mode, retain: 'counts' });
      expect(lean.report).toEqual(full.report);
      expect(full.report.summary.scenarios).toBeGreaterThan(10);
      expect(full.model.files.some((f) => f.scenarios.length > 0)).toBe(true);
      expect(lean.model.files.every((f) => f.scenarios.length === 0 && f.counted !== undefined)).toBe(true);
    }
  });
});
