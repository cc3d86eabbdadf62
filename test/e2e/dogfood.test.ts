// Dogfood: specgate's own CLI behaviour is specified in features/*.feature. The specs pass
// specgate's validator in compliance mode, and the scenarios tagged @dogfood run for real against
// the built CLI through the CLI step library; the rest are reported honestly as undefined.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import type * as RunModule from '../../src/cli/compose-scenarios.js';
import type * as ParseModule from '../../src/core/config/parse.js';
import type * as CoverageModule from '../../src/core/generate/spec-coverage.js';

const { runScenarios } = (await import(path.join(REPO_ROOT, 'dist/cli/compose-scenarios.js'))) as typeof RunModule;
const { defaultConfig } = (await import(path.join(REPO_ROOT, 'dist/core/config/parse.js'))) as typeof ParseModule;
const { buildSpecCoverage } = (await import(path.join(REPO_ROOT, 'dist/core/generate/spec-coverage.js'))) as typeof CoverageModule;

function config(steps: string[]) {
  const c = defaultConfig();
  return { ...c, generate: { ...c.generate, scenarios: { ...c.generate.scenarios, steps } } };
}

const featureFiles = fs.readdirSync(path.join(REPO_ROOT, 'features')).filter((f) => f.endsWith('.feature'));

describe('dogfood: features/*.feature', () => {
  it('specifies the CLI in several feature files', () => {
    expect(featureFiles.length).toBeGreaterThanOrEqual(4);
  });

  it('passes specgate validate in compliance mode', async () => {
    const result = await runCli(['validate', 'features/', '--mode', 'compliance'], { cwd: REPO_ROOT });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\d+ files, \d+ scenarios, 0 errors, 0 warnings/);
  });

  it('runs the @dogfood scenarios against the real CLI, all passing', async () => {
    const run = await runScenarios({ projectRoot: REPO_ROOT, config: config(['dist/steps/cli-register.js']), featurePaths: ['features'], tags: '@dogfood' });
    expect(run.pickles.length).toBeGreaterThanOrEqual(15);
    expect(run.pickles.filter((p) => p.status !== 'passed').map((p) => `${p.file}:${p.line} ${p.status} ${p.error ?? ''}`)).toEqual([]);
    const coverage = buildSpecCoverage({ featureSha: '000000000000', scenarios: run.pickles, threshold: 100, mode: 'compliance', code: null });
    expect(coverage.gate.outcome).toBe('pass');
  }, 240_000);

  it('reports scenarios without step definitions as undefined, never as passed', async () => {
    const run = await runScenarios({ projectRoot: REPO_ROOT, config: config([]), featurePaths: ['features/run.feature'], tags: 'not @dogfood' });
    expect(run.pickles.length).toBeGreaterThan(0);
    expect(new Set(run.pickles.map((p) => p.status))).toEqual(new Set(['undefined']));
  }, 60_000);
});
