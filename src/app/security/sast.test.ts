import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { defaultConfig } from '../../core/config/parse.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { decideSastGate } from '../../core/security/sarif.js';
import { runSast } from './sast.js';
import { nodeSastPorts } from './node-ports.test-helper.js';
import { sarifValidator } from './sarif-schema.test-helper.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/security/sarif');
const validate = sarifValidator();

interface Run {
  tool: { driver: { name: string; rules: { id: string }[] } };
  results: {
    ruleId: string;
    ruleIndex: number;
    level: string;
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
  }[];
}

function project(): string {
  const root = tempDir('specgate-sast-');
  writeTree(root, {
    'src/eval.ts': 'export function run(code: string): unknown {\n  return eval(code);\n}\n',
    'src/regex.js': 'export const r = (s) => new RegExp(s);\n',
    'src/clean.mts': 'export const add = (a: number, b: number): number => a + b;\n',
    'lib/ignored.js': 'eval(process.argv[2]);\n',
  });
  return root;
}

function config(sast: Partial<SpecgateConfig['sast']>): SpecgateConfig {
  const base = defaultConfig();
  return { ...base, sast: { ...base.sast, ...sast } };
}

describe('runSast', () => {
  it('scans the included folders with the security rules and writes schema-valid SARIF', async () => {
    const root = project();
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'] }) });
    expect(validate(outcome.log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(outcome.problems).toEqual([]);
    // SARIF is loosely typed on purpose; read it as plain JSON.
    const run = JSON.parse(outcome.sarif).runs[0] as Run;
    expect(run.tool.driver.name).toBe('ESLint');
    const results = run.results.map((r) => `${r.ruleId} ${r.level} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`);
    expect(results).toEqual(['detect-eval-with-expression error src/eval.ts:2', 'detect-non-literal-regexp warning src/regex.js:1']);
    const loc = run.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'src/eval.ts', uriBaseId: '%SRCROOT%' });
    const rules = run.tool.driver.rules;
    expect(rules[run.results[0]!.ruleIndex]!.id).toBe('detect-eval-with-expression');
    expect(outcome.summary).toEqual({ error: 1, warning: 1, note: 0, tools: ['ESLint'] });
  });

  it('merges external SARIF files as their own runs and validates the merged log', async () => {
    const root = project();
    writeTree(root, { 'scans/semgrep.sarif': await readFixture('semgrep.sarif'), 'scans/codeql.sarif': await readFixture('codeql-error.sarif') });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'], sarif: ['scans/semgrep.sarif', 'scans/codeql.sarif'] }) });
    expect(validate(outcome.log)).toBe(true);
    expect(outcome.summary).toEqual({ error: 2, warning: 2, note: 0, tools: ['ESLint', 'Semgrep OSS', 'CodeQL'] });
  });

  it('reports unreadable, invalid or missing scans as problems, never as a clean scan', async () => {
    const root = project();
    writeTree(root, { 'bad.sarif': await readFixture('not-2.1.0.sarif'), 'src/broken.js': 'function (\n' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src', 'nope'], sarif: ['missing.sarif', 'bad.sarif'] }) });
    expect(outcome.problems.join('\n')).toMatch(/nope does not exist/);
    expect(outcome.problems.join('\n')).toMatch(/cannot read missing\.sarif/);
    expect(outcome.problems.join('\n')).toMatch(/bad\.sarif is not a SARIF 2\.1\.0 log/);
    expect(outcome.problems.join('\n')).toMatch(/src\/broken\.js:1/);
    expect(validate(outcome.log)).toBe(true);
  });
});

describe('scan coverage (scans that prove they looked)', () => {
  it('records the files each scanner read, per language, as SARIF artifacts and a summary', async () => {
    const root = project();
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'] }) });
    const log = JSON.parse(outcome.sarif) as { runs: { artifacts: { location: { uri: string }; sourceLanguage: string }[] }[]; properties: Record<string, unknown> };
    expect(log.runs[0]!.artifacts.map((a) => `${a.sourceLanguage} ${a.location.uri}`)).toEqual(['typescript src/clean.mts', 'typescript src/eval.ts', 'javascript src/regex.js']);
    expect(outcome.scanCoverage).toMatchObject({ sourceFiles: { javascript: 1, typescript: 2 }, filesScanned: { javascript: 1, typescript: 2 }, totalScanned: 3, uncovered: [] });
    expect(log.properties['specgate/scanCoverage']).toEqual(outcome.scanCoverage);
    expect(validate(outcome.log)).toBe(true);
  });

  it('a Python tree scanned only by ESLint (Bandit off): 0 files scanned and python uncovered → compliance fails, sandbox warns', async () => {
    const root = tempDir('specgate-sast-py-');
    writeTree(root, { 'src/app.py': 'import os\nos.system(input())\n', 'src/pkg/util.py': 'X = 1\n' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'], bandit: false }) });
    expect(outcome.summary.error).toBe(0);
    expect(outcome.scanCoverage).toMatchObject({ sourceFiles: { python: 2 }, totalScanned: 0, uncovered: ['python'] });
    const compliance = decideSastGate('compliance', outcome.summary, outcome.problems, outcome.scanCoverage);
    expect(compliance.outcome).toBe('fail');
    expect(compliance.reason).toMatch(/0 files scanned/);
    expect(compliance.reason).toMatch(/2 python file\(s\) under sast.include but no scanner covers python/);
    expect(decideSastGate('sandbox', outcome.summary, outcome.problems, outcome.scanCoverage).outcome).toBe('warn');
  });

  it('credits an external SARIF run only with the artifacts it lists', async () => {
    const root = tempDir('specgate-sast-ext-');
    const external = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'Bandit' } }, artifacts: [{ location: { uri: 'src/app.py' }, sourceLanguage: 'python' }], results: [] }],
    };
    writeTree(root, { 'src/app.py': 'X = 1\n', 'bandit.sarif': JSON.stringify(external) });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'], sarif: ['bandit.sarif'], bandit: false }) });
    expect(outcome.scanCoverage).toMatchObject({ filesScanned: { python: 1 }, uncovered: [] });
    expect(decideSastGate('compliance', outcome.summary, outcome.problems, outcome.scanCoverage).outcome).toBe('pass');
    // The same tool claiming nothing proves nothing.
    writeTree(root, { 'bandit.sarif': JSON.stringify({ ...external, runs: [{ ...external.runs[0], artifacts: [] }] }) });
    const empty = await runSast({ ...nodeSastPorts, root, config: config({ include: ['src'], sarif: ['bandit.sarif'], bandit: false }) });
    expect(decideSastGate('compliance', empty.summary, empty.problems, empty.scanCoverage).outcome).toBe('fail');
  });
});

describe('decideSastGate', () => {
  const clean = { error: 0, warning: 0, note: 2, tools: ['ESLint'] };
  it('passes a clean scan and warns on warnings in both modes', () => {
    expect(decideSastGate('compliance', clean, []).outcome).toBe('pass');
    expect(decideSastGate('compliance', { ...clean, warning: 1 }, []).outcome).toBe('warn');
  });
  it('fails compliance on an error-level finding or a missing scan; sandbox only warns', () => {
    for (const [summary, problems] of [
      [{ ...clean, error: 1 }, []],
      [clean, ['sast.sarif: cannot read x.sarif']],
      [{ error: 0, warning: 0, note: 0, tools: [] }, []],
    ] as const) {
      expect(decideSastGate('compliance', summary, problems).outcome).toBe('fail');
      expect(decideSastGate('sandbox', summary, problems).outcome).toBe('warn');
    }
    expect(decideSastGate('compliance', { error: 0, warning: 0, note: 0, tools: [] }, []).reason).toMatch(/no SAST scan ran/);
  });
});

async function readFixture(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path.join(FIXTURES, name), 'utf8');
}
