import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { defaultConfig } from '../../core/config/parse.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { decideSastGate } from '../../core/security/sarif.js';
import { runSast } from './sast.js';
import { nodeSastPorts } from './node-ports.test-helper.js';
import { sarifValidator } from './sarif-schema.test-helper.js';

const validate = sarifValidator();

function config(sast: Partial<SpecgateConfig['sast']>): SpecgateConfig {
  const base = defaultConfig();
  return { ...base, sast: { ...base.sast, ...sast } };
}

interface Run {
  tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } };
  artifacts?: { location: { uri: string } }[];
  results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
}

describe('Bandit (Debian bandit, real process)', () => {
  it('scans the Python files under sast.include into schema-valid SARIF with rule help, locations and coverage', async () => {
    const root = tempDir('specgate-bandit-');
    writeTree(root, {
      'app/shell.py': 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n',
      'app/clean.py': 'def add(a, b):\n    return a + b\n',
    });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['app'] }), env: process.env });
    const log = JSON.parse(outcome.sarif) as { runs: Run[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const bandit = log.runs.find((r) => r.tool.driver.name === 'bandit');
    expect(bandit?.artifacts?.map((a) => a.location.uri)).toEqual(['app/clean.py', 'app/shell.py']);
    const shell = bandit?.results.find((r) => r.ruleId === 'B602');
    expect(shell).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'app/shell.py' }, region: { startLine: 5 } } }] });
    expect(bandit?.tool.driver.rules.find((r) => r.id === 'B602')?.helpUri).toMatch(/^https:\/\/bandit\.readthedocs\.io\//);
    expect(outcome.scanCoverage.filesScanned).toMatchObject({ python: 2 });
    expect(outcome.scanCoverage.uncovered).toEqual([]);
    expect(decideSastGate('compliance', outcome.summary, outcome.problems, outcome.scanCoverage).outcome).toBe('fail');
  });

  it('a Python file Bandit cannot parse is not counted as scanned and is a problem', async () => {
    const root = tempDir('specgate-bandit-');
    writeTree(root, { 'app/ok.py': 'x = 1\n', 'app/broken.py': 'def f(:\n' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['app'] }), env: process.env });
    expect(outcome.scanCoverage.filesScanned).toMatchObject({ python: 1 });
    expect(outcome.problems.join('\n')).toMatch(/app\/broken\.py: bandit could not parse it/);
  });

  it('without Bandit on PATH, Python files are a problem naming the package to install', async () => {
    const root = tempDir('specgate-bandit-');
    writeTree(root, { 'app/ok.py': 'x = 1\n' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ include: ['app'] }), env: { PATH: '/nonexistent' } });
    expect(outcome.problems.join('\n')).toMatch(/bandit is not installed \(Debian: apt-get install bandit\)/);
    expect(decideSastGate('compliance', outcome.summary, outcome.problems, outcome.scanCoverage).outcome).toBe('fail');
  });
});

describe('sast.commands', () => {
  const writer = (file: string, body: string): string => `node -e 'require("fs").writeFileSync(${JSON.stringify(file)}, JSON.stringify(${body}))'`;
  const sarif = '{version:"2.1.0",runs:[{tool:{driver:{name:"gosec"}},artifacts:[{location:{uri:"cmd/main.go"},sourceLanguage:"go"}],results:[{ruleId:"G104",level:"warning",message:{text:"unchecked error"}}]}]}';

  it('runs the scanner, ingests the SARIF it wrote and credits the files it names', async () => {
    const root = tempDir('specgate-sastcmd-');
    writeTree(root, { 'cmd/main.go': 'package main\nfunc main() {}\n' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ enabled: false, include: ['cmd'], commands: [{ run: writer('out/gosec.sarif', sarif).replace('require("fs").writeFileSync', 'require("fs").mkdirSync("out",{recursive:true});require("fs").writeFileSync'), sarif: 'out/gosec.sarif' }] }), env: process.env });
    expect(outcome.problems).toEqual([]);
    expect(outcome.summary.tools).toEqual(['gosec']);
    expect(outcome.scanCoverage.filesScanned).toEqual({ go: 1 });
  });

  it('a stale SARIF file never passes for this run: a command that writes nothing is a problem', async () => {
    const root = tempDir('specgate-sastcmd-');
    writeTree(root, { 'old.sarif': '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}]}' });
    const outcome = await runSast({ ...nodeSastPorts, root, config: config({ enabled: false, commands: [{ name: 'semgrep', run: 'exit 3', sarif: 'old.sarif' }] }), env: process.env });
    expect(outcome.problems).toEqual([expect.stringMatching(/^sast\.commands: semgrep wrote no old\.sarif \(exit 3/)]);
    expect(outcome.summary.tools).toEqual([]);
  });
});
