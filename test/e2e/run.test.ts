// End-to-end: `specgate run` on throw-away projects in temp git repos, through the real CLI.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, PING_APP, git, IMPRECISE_FEATURE, makeProject, VALID_FEATURE } from '../helpers/project.js';
import { expectValid, readJson } from '../helpers/schema.js';
import { tempDir, writeTree } from '../helpers/tmp.js';



function config(options: { coverage?: number; lint?: string; test?: string; extra?: string } = {}): string {
  return [
    'name: demo',
    'commands:',
    `  lint: ${JSON.stringify(options.lint ?? 'true')}`,
    `  test: ${JSON.stringify(options.test ?? coverageCommand(options.coverage ?? 85.2))}`,
    'sast:',
    '  enabled: false',
    '  sarif: [clean.sarif]',
    'generate:',
    '  scenarios:',
    '    app: app.mjs',
    options.extra ?? '',
  ].join('\n');
}

function project(options: Parameters<typeof config>[0] & { files?: Record<string, string> } = {}): string {
  return makeProject({ config: config(options), files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP, ...options.files } });
}

const env = { SPECGATE_INITIATOR: 'ivan' };
const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signedEnv = { ...env, SPECGATE_SIGNING_KEY: signingKey };

interface RunEvent {
  type: string;
  stage?: string;
  status?: string;
  runId?: string;
  runDir?: string;
  decision?: { gate: string; outcome: string; reason: string };
  step?: string;
  detail?: string;
  current?: number;
  total?: number;
}

function events(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RunEvent);
}

function finished(stdout: string): RunEvent {
  const end = events(stdout).find((e) => e.type === 'run.finished');
  if (!end) throw new Error(`no run.finished event in:\n${stdout}`);
  return end;
}

interface ManifestShape {
  status: string;
  stages: { name: string; status: string }[];
  artifacts: { path: string }[];
  approvals: { by: string }[];
}

function manifestOf(runDir: string): ManifestShape {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as ManifestShape;
}

function ledger(root: string): string[] {
  return fs.readFileSync(path.join(root, 'reports/audit/checkpoints.log'), 'utf8').trim().split('\n');
}

describe('specgate run', () => {
  it('sandbox: spec findings are warnings and the run goes on to the end', async () => {
    const root = project({ files: { 'features/imprecise.feature': IMPRECISE_FEATURE } });
    const result = await runCli(['run', '--json', '--until', 'generate'], { cwd: root, env });
    expect(result.code, result.stderr).toBe(0);
    const end = finished(result.stdout);
    expect(end.status).toBe('warning');
    const list = events(result.stdout);
    expect(list.some((e) => e.type === 'finding' && JSON.stringify(e).includes('RESOURCE_PRECISION'))).toBe(true);
    const m = manifestOf(end.runDir!);
    expect(m.stages.map((s) => [s.name, s.status])).toEqual([
      ['preflight', 'warning'],
      // The imprecise feature's steps are defined nowhere: spec coverage below 100% warns.
      ['validate', 'warning'],
      ['generate', 'success'],
      ['build', 'skipped'],
      ['deploy', 'skipped'],
      ['audit', 'skipped'],
    ]);
    // A started and an end checkpoint for every stage that ran.
    const lines = ledger(root);
    for (const stage of ['preflight', 'validate', 'generate']) {
      expect(lines.filter((l) => l.includes(` | ${stage} | started | `))).toHaveLength(1);
    }
    expect(lines.at(-1)).toMatch(/ \| run \| warning \| manifest\.json \| [0-9a-f]{64}$/);
    // latest points at the finished run; JUnit is there for CI.
    expect(fs.readlinkSync(path.join(root, 'reports', path.basename(path.dirname(end.runDir!)), 'latest'))).toBe(path.basename(end.runDir!));
    expect(fs.readFileSync(path.join(end.runDir!, 'junit.xml'), 'utf8')).toContain('<testcase classname="specgate.pipeline" name="preflight"');
    // Every JSON document the run wrote is valid against its published schema.
    for (const [file, schema] of [
      ['manifest.json', 'manifest'],
      ['spec-validation-report.json', 'spec-validation-report'],
      ['resource-estimates.json', 'resource-estimates'],
      ['spec-coverage.json', 'spec-coverage'],
      ['generation.json', 'generation'],
    ] as const) {
      expectValid(schema, readJson(path.join(end.runDir!, file)));
    }
  });

  it('compliance: a failing preflight stops the run and writes no later-stage artifact', async () => {
    const root = project({ files: { 'features/imprecise.feature': IMPRECISE_FEATURE } });
    const result = await runCli(['run', '--mode', 'compliance', '--json'], { cwd: root, env });
    expect(result.code).toBe(1);
    const end = finished(result.stdout);
    expect(end.status).toBe('failure');
    const m = manifestOf(end.runDir!);
    expect(m.stages.find((s) => s.name === 'preflight')?.status).toBe('failure');
    expect(m.stages.filter((s) => s.name !== 'preflight').every((s) => s.status === 'skipped')).toBe(true);
    const files = fs.readdirSync(end.runDir!).sort();
    expect(files).toEqual(['junit.xml', 'manifest.json', 'resource-estimates.json', 'spec-validation-report.json']);
    expect(ledger(root).some((l) => l.includes(' | validate | started |'))).toBe(false);
  });

  it.each([
    [69.9, 'sandbox', 0, 'warning'],
    [69.9, 'compliance', 1, 'failure'],
    [70, 'compliance', 0, 'success'],
    [70.1, 'compliance', 0, 'success'],
  ] as const)('coverage %s percent in %s mode → exit %s, validate %s', async (pct, mode, code, validateStatus) => {
    const root = project({ coverage: pct });
    const result = await runCli(['run', '--mode', mode, '--json', '--stages', 'preflight,validate'], { cwd: root, env: signedEnv });
    expect(result.code, result.stderr).toBe(code);
    const end = finished(result.stdout);
    const validate = manifestOf(end.runDir!).stages.find((s) => s.name === 'validate');
    expect(validate?.status).toBe(validateStatus);
    const gate = events(result.stdout).find((e) => e.type === 'gate' && e.decision?.gate === 'code coverage');
    expect(gate?.decision?.reason).toContain(`${pct}%`);
  });

  it('compliance without a signing key fails the run even when every stage passed', async () => {
    const root = project();
    const result = await runCli(['run', '--mode', 'compliance', '--json', '--stages', 'preflight,validate'], { cwd: root, env });
    expect(result.code).toBe(1);
    const gate = events(result.stdout).find((e) => e.type === 'gate' && e.decision?.gate === 'signatures');
    expect(gate?.decision?.outcome).toBe('fail');
  });

  it('failing lint and tests are warnings in sandbox and failures in compliance', async () => {
    const root = project({ lint: 'echo lint broke >&2; exit 3' });
    const sandbox = await runCli(['run', '--json', '--stages', 'preflight,validate'], { cwd: root, env });
    expect(sandbox.code).toBe(0);
    const sandboxRun = finished(sandbox.stdout).runDir!;
    expect(manifestOf(sandboxRun).stages.find((s) => s.name === 'validate')?.status).toBe('warning');
    expect(fs.readFileSync(path.join(sandboxRun, 'logs/lint.log'), 'utf8')).toContain('lint broke');
    const compliance = await runCli(['run', '--mode', 'compliance', '--json'], { cwd: root, env });
    expect(compliance.code).toBe(1);
    const m = manifestOf(finished(compliance.stdout).runDir!);
    expect(m.stages.find((s) => s.name === 'validate')?.status).toBe('failure');
    expect(m.stages.find((s) => s.name === 'generate')?.status).toBe('skipped');
  });

  it('the scenarios run for real: spec coverage counts passed pickles', async () => {
    const root = project();
    const result = await runCli(['run', '--json', '--stages', 'preflight,validate'], { cwd: root, env });
    const end = finished(result.stdout);
    const coverage = JSON.parse(fs.readFileSync(path.join(end.runDir!, 'spec-coverage.json'), 'utf8'));
    expect(coverage.totals).toMatchObject({ total: 1, passed: 1 });
    expect(coverage.code.lines.pct).toBe(85.2);
    // Sub-progress inside validate: each command as it starts, then each scenario as cucumber starts it.
    const steps = events(result.stdout).filter((e) => e.type === 'stage.step').map(({ stage, step, detail, current, total }) => ({ stage, step, detail, current, total }));
    expect(steps.map((s) => s.step)).toEqual(['lint', 'test', 'coverage', 'sast', 'scenarios', 'scenarios']);
    expect(steps[0]).toMatchObject({ stage: 'validate', detail: 'true' });
    expect(steps.at(-1)).toEqual({ stage: 'validate', step: 'scenarios', detail: 'the service answers a ping', current: 1, total: 1 });
  });

  it('bad config gives line-precise errors and exit 2, and writes nothing', async () => {
    const root = makeProject({ config: 'name: demo\ncoverage:\n  threshold: 80\n\tmode: sandbox\n' });
    const syntax = await runCli(['run'], { cwd: root, env });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain('specgate.yaml:4:1: error CONFIG_SYNTAX: YAML syntax: Tabs are not allowed as indentation');
    fs.writeFileSync(path.join(root, 'specgate.yaml'), 'name: demo\ncoverage:\n  threshold: "high"\n  treshold: 2\n');
    const types = await runCli(['run', '--mode', 'compliance'], { cwd: root, env });
    expect(types.code).toBe(2);
    expect(types.stderr).toContain('2 problems in specgate.yaml');
    expect(types.stderr).toContain('specgate.yaml:3:14: error CONFIG_INVALID coverage.threshold');
    expect(types.stderr).toContain('specgate.yaml:4:3: error CONFIG_UNKNOWN_KEY');
    expect(fs.existsSync(path.join(root, 'reports'))).toBe(false);
  });

  it('rejects an unknown stage name as bad usage', async () => {
    const root = project();
    const result = await runCli(['run', '--stages', 'preflight,deploi'], { cwd: root, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown stage 'deploi'");
  });

  it('compliance: a spec branch with other content blocks (exit 3) naming the branch and both commits', async () => {
    const root = project();
    const first = await runCli(['run', '--json', '--until', 'generate'], { cwd: root, env });
    const sha = path.basename(path.dirname(finished(first.stdout).runDir!));
    const branch = `auto/spec-implementation/${sha}`;
    // Someone moves the spec branch to different content.
    const worktree = path.join(tempDir('specgate-wt-'), 'wt');
    git(root, 'worktree', 'add', '-q', worktree, branch);
    writeTree(worktree, { 'HAND-EDIT.md': 'changed by hand\n' });
    git(worktree, 'add', '-A');
    git(worktree, 'commit', '-q', '-m', 'hand edit');
    const compliance = await runCli(['run', '--mode', 'compliance', '--json', '--stages', 'generate'], { cwd: root, env });
    expect(compliance.code).toBe(3);
    const blocked = events(compliance.stdout).find((e) => e.type === 'stage.finished' && e.stage === 'generate');
    expect(blocked?.status).toBe('blocked');
    expect(JSON.stringify(blocked)).toContain(branch);
    expect(JSON.stringify(blocked)).toMatch(/commit [0-9a-f]{40}.*commit [0-9a-f]{40}/);
    // Sandbox takes the next free variant instead.
    const sandbox = await runCli(['run', '--json', '--stages', 'generate'], { cwd: root, env });
    expect(sandbox.code).toBe(0);
    expect(git(root, 'branch', '--list', `${branch}-v2`)).toContain(`${branch}-v2`);
    // The user's working copy is untouched by all of this.
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('the spec branch tracks specs and code, not results: sandbox then compliance of one commit reuse one branch', async () => {
    const root = project();
    const sandbox = await runCli(['run', '--json', '--until', 'generate'], { cwd: root, env });
    expect(events(sandbox.stdout).find((e) => e.type === 'stage.finished' && e.stage === 'generate')?.status).toBe('success');
    const runDir = finished(sandbox.stdout).runDir!;
    const branch = `auto/spec-implementation/${path.basename(path.dirname(runDir))}`;
    const before = git(root, 'rev-parse', branch).trim();
    // This run's scenario results live in its evidence…
    const runDocs = fs.readFileSync(path.join(runDir, 'living-docs/traceability.json'), 'utf8');
    expect(runDocs).toMatch(/"result": "(passed|failed|skipped|undefined|pending|ambiguous)"/);
    // …and not on the branch, so the compliance run of the same commit finds identical content.
    expect(git(root, 'show', `${branch}:docs/traceability.json`)).not.toMatch(/"result": "passed"/);
    const compliance = await runCli(['run', '--mode', 'compliance', '--json', '--until', 'generate'], { cwd: root, env: signedEnv });
    const generated = events(compliance.stdout).find((e) => e.type === 'stage.finished' && e.stage === 'generate');
    expect(generated?.status).toBe('success');
    expect(JSON.stringify(generated)).toContain('reused');
    expect(compliance.code).toBe(0);
    expect(git(root, 'rev-parse', branch).trim()).toBe(before);
    expect(git(root, 'branch', '--list', `${branch}-v2`)).toBe('');
  });

  it('SIGINT during the test command kills its process group, records interrupted and exits 130', async () => {
    const root = project({ test: 'sleep 300 & echo $! > sleeper.pid; wait' });
    const child = spawn(process.execPath, [BIN, 'run', '--json'], { cwd: root, env: { ...process.env, ...env, CI: 'true' } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const pidFile = path.join(root, 'sleeper.pid');
    for (let i = 0; i < 200 && !fs.existsSync(pidFile); i += 1) await new Promise((r) => setTimeout(r, 50));
    const sleeper = Number(fs.readFileSync(pidFile, 'utf8').trim());
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    // Dead means gone or a zombie waiting to be reaped (PID 1 here may not reap promptly).
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${sleeper}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(false);
    const end = finished(stdout);
    expect(end.status).toBe('interrupted');
    expect(manifestOf(end.runDir!).status).toBe('interrupted');
    expect(ledger(root).at(-1)).toMatch(/ \| run \| interrupted \| /);
    // The next run starts cleanly.
    fs.writeFileSync(path.join(root, 'specgate.yaml'), config());
    const next = await runCli(['run', '--json', '--stages', 'preflight'], { cwd: root, env });
    expect(next.code).toBe(0);
  });

  it('refuses to run in compliance mode on a tampered ledger (exit 3)', async () => {
    const root = project();
    await runCli(['run', '--json', '--stages', 'preflight'], { cwd: root, env });
    const file = path.join(root, 'reports/audit/checkpoints.log');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('| preflight | success |', '| preflight | failure |'));
    const result = await runCli(['run', '--mode', 'compliance'], { cwd: root, env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('LEDGER_BROKEN');
    expect(result.stderr).toMatch(/line 3/);
  });

  it('keeps VALID_FEATURE valid (guards the fixtures above)', async () => {
    const root = makeProject({ files: { 'features/ping.feature': VALID_FEATURE } });
    const result = await runCli(['validate', '--mode', 'compliance'], { cwd: root });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
