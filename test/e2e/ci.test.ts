// `specgate ci github` end to end: the written workflow must be valid against SchemaStore's
// published github-workflow.json (see test/fixtures/ci/README.md for where the schema comes from).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import AjvModule from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { git, GIT_ENV, makeRepo } from './branch-helpers.js';

const Ajv = (AjvModule as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;

const SCHEMA_ID = 'https://json.schemastore.org/github-workflow.json';

/** SchemaStore's github-workflow.json, vendored verbatim (vendor/schemastore/README.md). */
function schemaStoreWorkflowSchema(): Record<string, unknown> {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'vendor/schemastore/github-workflow.json'), 'utf8')) as Record<string, unknown>;
  expect(schema.$id).toBe(SCHEMA_ID);
  return schema;
}

const validateAgainstSchema = new Ajv({ allErrors: true, strict: false }).compile(schemaStoreWorkflowSchema());

function expectValidWorkflow(text: string): void {
  const ok = validateAgainstSchema(parse(text));
  expect(ok, JSON.stringify(validateAgainstSchema.errors, null, 1)).toBe(true);
}

interface Job {
  needs?: string[];
  outputs?: Record<string, string>;
  steps: { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string }[];
  defaults?: unknown;
}

describe('specgate ci github', () => {
  it('writes a reusable workflow, valid against the published schema, one job per stage group', async () => {
    const repo = makeRepo({ 'package.json': '{"name":"pay"}\n', 'package-lock.json': '{"lockfileVersion":3}\n' });
    const result = await runCli(['ci', 'github', '--json'], { cwd: repo, env: GIT_ENV });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const file = path.join(repo, '.github/workflows/specgate.yml');
    expect(summary.path).toBe(fs.realpathSync(file));
    const text = fs.readFileSync(file, 'utf8');
    expectValidWorkflow(text);

    const wf = parse(text);
    expect(wf.on.workflow_call.inputs.mode).toMatchObject({ type: 'string', default: 'sandbox' });
    expect(wf.on.workflow_dispatch.inputs.mode.options).toEqual(['sandbox', 'compliance']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toEqual(['validate', 'build', 'deploy']);
    expect(summary.jobs.map((j: { stages: string[] }) => j.stages)).toEqual([['preflight', 'validate'], ['generate', 'build'], ['deploy', 'audit']]);
    const jobs = wf.jobs as Record<string, Job>;
    expect(jobs.build!.needs).toEqual(['validate']);
    expect(jobs.deploy!.needs).toEqual(['validate', 'build']);
    for (const [id, job] of Object.entries(jobs)) {
      const uses = job.steps.map((s) => s.uses).filter(Boolean) as string[];
      // Every action pinned by full commit SHA: a tag can be moved to other code.
      for (const u of uses) expect(u).toMatch(/^actions\/[a-z-]+@[0-9a-f]{40}$/);
      expect(uses.map((u) => u.split('@')[0])).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'actions/upload-artifact']));
      expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['node-version']).toBe('${{ inputs.node-version }}');
      expect(job.steps.some((s) => s.run === 'npm ci')).toBe(true);
      // The pinned specgate (this exact version), installed outside the project; never npx.
      expect(job.steps.find((s) => s.name === 'Install specgate (pinned)')?.env).toEqual({ SPECGATE_PACKAGE: `specgate@${JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version}` });
      const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
      expect(upload.if).toBe('always()');
      expect(upload.with).toMatchObject({ name: `specgate-evidence-${id}`, path: 'reports/\n!reports/*/latest\n' });
      const run = job.steps.find((s) => s.run?.includes('specgate run'))!.run!;
      expect(run).toContain('--mode "$SPECGATE_MODE"');
    }
    expect(text).not.toContain('npx');
    expect(jobs.validate!.steps.find((s) => s.run?.includes('specgate run'))!.run).toContain('--stages preflight,validate --hold');
    expect(jobs.deploy!.steps.find((s) => s.run?.includes('specgate run'))!.run).toContain('--resume "$SPECGATE_RUN_ID" --stages deploy,audit');
    expect(jobs.deploy!.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!.with).toEqual({ name: 'specgate-evidence-build', path: 'reports' });
    expect(wf.defaults.run['working-directory']).toBe('.');
    expect(wf.jobs.validate.env.SPECGATE_MODE).toBe('${{ inputs.mode }}');

    // Deterministic: regenerating rewrites the same bytes.
    expect((await runCli(['ci', 'github'], { cwd: repo, env: GIT_ENV })).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('the first job’s shell steps work as GitHub runs them: mode check, the pinned CLI on PATH, run id exported', async () => {
    const dir = tempDir('specgate-ci-job-');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    // What the install step leaves behind: the pinned copy's bin folder on PATH (GITHUB_PATH).
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(BIN, path.join(dir, 'node_modules/.bin/specgate'));
    const printed = await runCli(['ci', 'github', '--out', '-'], { cwd: dir });
    const steps = (parse(printed.stdout).jobs.validate as Job).steps;
    const runnerTemp = tempDir('specgate-runner-temp-');
    const outputs = path.join(runnerTemp, 'github-output');
    fs.writeFileSync(outputs, '');
    // GitHub's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`.
    const bash = (script: string, mode: string) =>
      spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: dir,
        env: { ...process.env, PATH: `${path.join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, CI: 'true', SPECGATE_MODE: mode, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputs },
        encoding: 'utf8',
        timeout: 120_000,
      });

    const check = steps.find((s) => s.run?.startsWith('case '))!.run!;
    expect(bash(check, 'sandbox').status).toBe(0);
    const rejected = bash(check, 'production; rm -rf /');
    expect(rejected.status).toBe(2);
    expect(rejected.stdout).toContain('::error::inputs.mode must be sandbox or compliance');

    const run = bash(steps.find((s) => s.run?.includes('specgate run'))!.run!, 'sandbox');
    expect(run.status, run.stderr).toBe(0);
    const runId = /^run-id=(\d{14}(?:-\d+)?)$/m.exec(fs.readFileSync(outputs, 'utf8'))?.[1];
    expect(runId).toBeDefined();
    const shaDirs = fs.readdirSync(path.join(dir, 'reports')).filter((d) => /^[0-9a-f]{12}$/.test(d));
    expect(shaDirs).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'reports', shaDirs[0]!, runId!, 'manifest.json'))).toBe(true);
  });

  it('--specgate installs a tarball from the checkout or a git commit; anything not pinned is refused (exit 2)', async () => {
    const dir = tempDir('specgate-ci-pin-');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const tarball = await runCli(['ci', 'github', '--out', '-', '--specgate', 'vendor/specgate-0.1.0.tgz'], { cwd: dir });
    expect(tarball.code, tarball.stderr).toBe(0);
    const step = (parse(tarball.stdout).jobs.validate as Job).steps.find((s) => s.name === 'Install specgate (pinned)')!;
    expect(step.env).toEqual({ SPECGATE_PACKAGE: 'vendor/specgate-0.1.0.tgz' });
    expect(step.run).toContain('"$PWD/$SPECGATE_PACKAGE"');
    const commit = await runCli(['ci', 'github', '--out', '-', '--specgate', `git+https://example.test/org/specgate.git#${'a'.repeat(40)}`], { cwd: dir });
    expect(commit.code, commit.stderr).toBe(0);
    for (const loose of ['specgate', 'specgate@latest', 'specgate@^0.1.0', 'git+https://example.test/org/specgate.git#main', '../outside.tgz']) {
      const refused = await runCli(['ci', 'github', '--out', '-', '--specgate', loose], { cwd: dir });
      expect(refused.code, loose).toBe(2);
      expect(refused.stderr).toContain('is not pinned to one build');
    }
  });

  it('the schema check can fail: a broken workflow is rejected', () => {
    const broken = 'on:\n  workflow_call:\n    inputs:\n      mode:\n        type: choice\njobs:\n  a:\n    steps:\n      - run: echo\n';
    expect(validateAgainstSchema(parse(broken))).toBe(false);
  });

  it('places the workflow at the repository root for a project in a subfolder, with paths into it', async () => {
    const repo = makeRepo({
      'services/pay/specgate.yaml': 'name: pay\nreports: evidence\n',
      'services/pay/features/pay.feature': 'Feature: p\n',
      'services/pay/package.json': '{"name":"pay"}\n',
      'services/pay/package-lock.json': '{"lockfileVersion":3}\n',
    });
    const result = await runCli(['ci', 'github'], { cwd: path.join(repo, 'services/pay'), env: GIT_ENV });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('job deploy');
    const text = fs.readFileSync(path.join(repo, '.github/workflows/specgate.yml'), 'utf8');
    expectValidWorkflow(text);
    const wf = parse(text);
    expect(wf.defaults.run['working-directory']).toBe('services/pay');
    const upload = (wf.jobs.validate as Job).steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.path).toBe('services/pay/evidence/\n!services/pay/evidence/*/latest\n');
    expect((wf.jobs.validate as Job).steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['cache-dependency-path']).toBe('services/pay/package-lock.json');
    expect(git(repo, 'status', '--porcelain')).toBe('?? .github/');
  });

  it('prints with --out -, refuses to write outside the repository, works without git', async () => {
    const repo = makeRepo();
    const printed = await runCli(['ci', 'github', '--out', '-'], { cwd: repo, env: GIT_ENV });
    expect(printed.code).toBe(0);
    expectValidWorkflow(printed.stdout);
    expect(fs.existsSync(path.join(repo, '.github'))).toBe(false);

    const outside = path.join(tempDir('specgate-outside-'), 'wf.yml');
    const refused = await runCli(['ci', 'github', '--out', outside], { cwd: repo, env: GIT_ENV });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('PATH_OUTSIDE_ROOT');
    expect(fs.existsSync(outside)).toBe(false);

    const bare = await runCli(['ci'], { cwd: repo, env: GIT_ENV });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('specgate ci github');

    const escaping = makeRepo({ 'specgate.yaml': 'name: pay\nreports: ../evidence\n' });
    const badReports = await runCli(['ci', 'github'], { cwd: escaping, env: GIT_ENV });
    expect(badReports.code).toBe(2);
    expect(badReports.stderr).toContain('specgate.yaml:2:10: error CONFIG_INVALID: reports: must be a path inside the project');
    expect(fs.existsSync(path.join(escaping, '.github'))).toBe(false);

    const plain = tempDir('specgate-plain-');
    writeTree(plain, { 'specgate.yaml': 'name: plain\n' });
    const custom = await runCli(['ci', 'github', '--out', 'ci/delivery.yml'], { cwd: plain, env: GIT_ENV });
    expect(custom.code, custom.stderr).toBe(0);
    expectValidWorkflow(fs.readFileSync(path.join(plain, 'ci/delivery.yml'), 'utf8'));
  });
});
