// examples/example-service end to end, on a copy (the example's own folder stays clean): the
// committed generated code is current, it builds, its unit tests pass above the coverage
// threshold, every scenario passes in-process and against the started service, and the broken
// spec set shows sandbox warnings.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import type * as RunModule from '../../src/cli/compose-scenarios.js';
import type * as ProjectModule from '../../src/app/project.js';
import type * as FsModule from '../../src/adapters/node-fs.js';

const { runScenarios } = (await import(path.join(REPO_ROOT, 'dist/cli/compose-scenarios.js'))) as typeof RunModule;
const { loadProject } = (await import(path.join(REPO_ROOT, 'dist/app/project.js'))) as typeof ProjectModule;
const { NodeFileSystem } = (await import(path.join(REPO_ROOT, 'dist/adapters/node-fs.js'))) as typeof FsModule;

const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;
const schema = (name: string) => new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', name), 'utf8')));

const SOURCE = path.join(REPO_ROOT, 'examples/example-service');
const SKIP = new Set(['dist', 'coverage', 'reports', 'node_modules']);
let dir = '';

function npm(script: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync('npm', ['run', '-s', script], { cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CI: 'true', NO_COLOR: '1' } }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

beforeAll(() => {
  dir = path.join(tempDir('specgate-example-'), 'example-service');
  fs.cpSync(SOURCE, dir, { recursive: true, filter: (src) => !SKIP.has(path.relative(SOURCE, src).split(path.sep)[0] ?? '') });
  // The example borrows its dev tools from the specgate checkout instead of installing them.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
});

describe('examples/example-service', () => {
  it('has no runtime dependencies and a lockfile for the SBOM', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toBeUndefined();
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
    expect(lock.lockfileVersion).toBe(3);
    expect(Object.keys(lock.packages)).toEqual(['']);
  });

  it('passes compliance validation; its broken specs warn in sandbox and fail in compliance', async () => {
    expect((await runCli(['validate', '--mode', 'compliance'], { cwd: dir })).code).toBe(0);
    const sandbox = await runCli(['validate', 'broken-specs', '--mode', 'sandbox'], { cwd: dir });
    expect(sandbox.code).toBe(0);
    expect(sandbox.stdout).toContain('warning RESOURCE_PRECISION');
    expect((await runCli(['validate', 'broken-specs', '--mode', 'compliance'], { cwd: dir })).code).toBe(1);
  });

  it('commits generated code that specgate generate reproduces exactly', async () => {
    const check = await runCli(['generate', '--check'], { cwd: dir });
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('kept (yours) src/services/payment-validation.service.ts');
  });

  it('lints, builds and passes its unit tests above the 70% line coverage threshold', () => {
    const lint = npm('lint');
    expect(lint.code, lint.output).toBe(0);
    const build = npm('build');
    expect(build.code, build.output).toBe(0);
    const test = npm('test');
    expect(test.code, test.output).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'coverage/coverage-summary.json'), 'utf8'));
    expect(summary.total.lines.pct).toBeGreaterThan(70);
  }, 180_000);

  it('passes every scenario in-process, with schema-valid spec coverage and traceability', async () => {
    const result = await runCli(['generate', '--scenarios', '--mode', 'compliance', '--spec-coverage', 'reports/local/spec-coverage.json'], { cwd: dir, timeoutMs: 120_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const coverage = JSON.parse(fs.readFileSync(path.join(dir, 'reports/local/spec-coverage.json'), 'utf8'));
    expect(schema('spec-coverage.schema.json')(coverage)).toBe(true);
    expect(coverage.totals.total).toBeGreaterThanOrEqual(20);
    expect(coverage.totals.passed).toBe(coverage.totals.total);
    expect(coverage.gate.outcome).toBe('pass');
    const trace = JSON.parse(fs.readFileSync(path.join(dir, 'docs/traceability.json'), 'utf8'));
    expect(schema('traceability.schema.json')(trace)).toBe(true);
    const results = trace.features.flatMap((f: { scenarios: { result: string }[] }) => f.scenarios.map((s) => s.result));
    expect(new Set(results)).toEqual(new Set(['passed']));
  }, 120_000);

  it('serves the same scenarios from the started service (node dist/main.js, PORT, loopback)', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: dir, env: { ...process.env, PORT: '0', GIT_COMMIT: 'e2e1234' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          out += c;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${out}`)));
      });
      const ping = (await (await fetch(`${url}/v1/ping`)).json()) as { commit: string };
      expect(ping.commit).toBe('e2e1234');
      const project = await loadProject(new NodeFileSystem(), dir);
      const run = await runScenarios({ projectRoot: dir, config: project.config, featurePaths: ['features'], baseUrl: url });
      expect(run.pickles.filter((p) => p.status !== 'passed')).toEqual([]);
      expect(run.target).toBe(url);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
  }, 120_000);
});
