// `specgate init` end to end: the real CLI scaffolds throw-away folders; the result must load
// through the real config loader, match the published config schema and pass `specgate validate`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../src/adapters/node-fs.js';
import { loadProject } from '../../src/app/project.js';
import { defaultConfig } from '../../src/core/config/parse.js';
import { configJsonSchema } from '../../src/core/config/json-schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d)) {
      const abs = path.join(d, name);
      if (fs.statSync(abs).isDirectory()) walk(abs);
      else out[path.relative(dir, abs)] = fs.readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('specgate init', () => {
  it('scaffolds a project that loads with every default, matches the schema and passes validate', async () => {
    const dir = path.join(tempDir('specgate-init-'), 'payments-api');
    fs.mkdirSync(dir);
    const result = await runCli(['init', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files).toEqual([
      { path: 'specgate.yaml', action: 'created' },
      { path: 'features/example.feature', action: 'created' },
      { path: '.gitignore', action: 'created' },
    ]);

    const project = await loadProject(new NodeFileSystem(), dir, undefined);
    expect(project.warnings).toEqual([]);
    expect(project.config).toEqual({ ...defaultConfig(), name: 'payments-api' });
    // The JSON Schema editors use (schemas/specgate-config.schema.json is this, published; parse.test.ts keeps them equal).
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(configJsonSchema());
    expect(validate(parse(fs.readFileSync(path.join(dir, 'specgate.yaml'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);

    const text = fs.readFileSync(path.join(dir, 'specgate.yaml'), 'utf8');
    expect(text).toMatch(/^# .*sandbox/m);
    for (const section of ['commands', 'coverage', 'retention', 'signing', 'sast', 'deploy', 'generate']) expect(text).toMatch(new RegExp(`^${section}:`, 'm'));

    const feature = fs.readFileSync(path.join(dir, 'features/example.feature'), 'utf8');
    expect(feature).toContain('@resource:cpu=0.25,memory=256,storage=50,story_points=3');
    const validated = await runCli(['validate'], { cwd: dir });
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['reports/', '.specgate/']));
  });

  it('refuses to overwrite specgate.yaml without --force (exit 2 with a hint) and changes nothing', async () => {
    const dir = tempDir('specgate-init-');
    writeTree(dir, { 'specgate.yaml': 'name: mine\nmode: compliance\n' });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('INIT_CONFIG_EXISTS');
    expect(result.stderr).toContain('--force');
    expect(snapshot(dir)).toEqual({ 'specgate.yaml': 'name: mine\nmode: compliance\n' });

    const forced = await runCli(['init', '--force', '--name', 'payments: EU #1', '--json'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).files[0]).toEqual({ path: 'specgate.yaml', action: 'overwritten' });
    const project = await loadProject(new NodeFileSystem(), dir, undefined);
    expect(project.config.name).toBe('payments: EU #1');
    expect(project.mode).toBe('sandbox');
  });

  it('is idempotent and appends to an existing .gitignore without clobbering or duplicating', async () => {
    const dir = tempDir('specgate-init-');
    writeTree(dir, { '.gitignore': 'node_modules\n/reports' });
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const gitignore = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(gitignore.startsWith('node_modules\n/reports\n')).toBe(true);
    expect(gitignore.match(/^\/?reports\/?$/gm)).toEqual(['/reports']);
    expect(gitignore).toMatch(/^\.specgate\/$/m);

    const before = snapshot(dir);
    const again = await runCli(['init', '--force', '--json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).files.map((f: { action: string }) => f.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves an existing spec set alone (the example would change its feature SHA)', async () => {
    const dir = tempDir('specgate-init-');
    const spec = 'Feature: Pay\n  @resource:cpu=1,memory=128,storage=10,story_points=1\n  Scenario: p\n    Given a\n    When b\n    Then c\n';
    writeTree(dir, { 'features/billing/pay.feature': spec });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'features/example.feature'))).toBe(false);
    // Not touched, so not reported.
    expect(result.stdout).not.toMatch(/example\.feature/);
  });

  it('fits the defaults to a Python/FastAPI project, and lists both stacks of a mixed repo', async () => {
    const dir = path.join(tempDir('specgate-init-'), 'orders');
    writeTree(dir, { 'requirements.txt': 'fastapi==0.92.0\nuvicorn==0.17.6\n', 'app/__init__.py': '', 'app/main.py': 'app = None\n' });
    const result = await runCli(['init', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).stacks).toEqual(['python']);
    const project = await loadProject(new NodeFileSystem(), dir, undefined);
    expect(project.warnings).toEqual([]);
    // Not a bare python3 (a pyenv shim or venv first on PATH may lack pytest): the first interpreter that has the modules.
    const python = /^(\S+) -m pytest -q --cov=app --cov-report=lcov:coverage\/lcov\.info$/.exec(typeof project.config.commands.test === 'string' ? project.config.commands.test : '')?.[1] ?? '';
    expect(python).toMatch(/^\//);
    expect(spawnSync(python, ['-c', 'import pytest, pytest_cov, uvicorn']).status).toBe(0);
    expect(project.config.generate).toMatchObject({ target: 'python-fastapi', out: 'app/generated' });
    expect(project.config.coverage.file).toBe('coverage/lcov.info');
    expect(project.config.sast).toMatchObject({ include: ['app'], bandit: true });
    expect(project.config.deploy.command).toBe(`${python} -m uvicorn app.main:app --host 127.0.0.1 --port "$PORT"`);
    expect(project.config.deploy.artifacts).toEqual(['app', 'requirements.txt']);
    expect(project.config.generate.scenarios.command).toBe(project.config.deploy.command);

    const mixed = tempDir('specgate-init-');
    writeTree(mixed, { 'package.json': '{"name":"web","scripts":{"test":"vitest","build":"tsc"}}', 'src/a.ts': '', 'go.mod': 'module example.com/m\n\ngo 1.21\n' });
    const both = await runCli(['init', '--json'], { cwd: mixed });
    expect(JSON.parse(both.stdout).stacks).toEqual(['node', 'go']);
    const config = (await loadProject(new NodeFileSystem(), mixed, undefined)).config;
    expect(config.sast.include).toEqual(['src', '.']);
    expect(config.sast.commands.map((c) => c.name)).toEqual(['gosec']);
    expect(config.commands.test).toBe('npm test --silent');
    expect(config.generate.target).toBe('typescript');
  });

  it('explains a blocked path', async () => {
    const dir = tempDir('specgate-init-');
    writeTree(dir, { features: 'not a folder\n' });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('INIT_PATH_BLOCKED');
    expect(fs.existsSync(path.join(dir, 'specgate.yaml'))).toBe(false);
  });
});
