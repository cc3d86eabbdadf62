// `specgate generate` end to end: the real CLI on throw-away projects.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;
const traceSchema = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/traceability.schema.json'), 'utf8')));

const PING = `Feature: Ping
  @resource:cpu=0.1,memory=128,storage=10,story_points=1
  Scenario: ping
    Given the service is running
    When I call GET /v1/ping
    Then I receive a 200 OK response
    And the ledger is "balanced"
`;

function project(extra: Record<string, string> = {}): string {
  const dir = tempDir('specgate-gen-');
  writeTree(dir, { 'features/ping.feature': PING, ...extra });
  return dir;
}

/** sha256 of every file under dir (relative path → digest), to compare whole trees. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('specgate generate', () => {
  it('writes the layout, then is byte-identical on a second run', async () => {
    const dir = project();
    const first = await runCli(['generate'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const before = tree(dir);
    expect(Object.keys(before).sort()).toEqual([
      'docs/ping.md',
      'docs/traceability.json',
      'features/ping.feature',
      'src/generated/http.ts',
      'src/generated/ping/port.ts',
      'src/generated/ping/routes.ts',
      'src/generated/router.ts',
      'src/services/ping.service.ts',
      'src/steps/ping.steps.ts',
    ]);
    expect(first.stdout).toContain('step not in the HTTP step library, stubbed as pending: the ledger is "balanced"');
    const second = await runCli(['generate'], { cwd: dir });
    expect(second.stdout).toContain('wrote 0 file(s)');
    expect(tree(dir)).toEqual(before);
    expect(traceSchema(JSON.parse(fs.readFileSync(path.join(dir, 'docs/traceability.json'), 'utf8'))), JSON.stringify(traceSchema.errors)).toBe(true);
  });

  it('keeps scaffolds people edited and restores generated files', async () => {
    const dir = project();
    await runCli(['generate'], { cwd: dir });
    const service = path.join(dir, 'src/services/ping.service.ts');
    const port = path.join(dir, 'src/generated/ping/port.ts');
    const original = fs.readFileSync(port, 'utf8');
    fs.writeFileSync(service, '// mine\n');
    fs.writeFileSync(port, '// tampered\n');
    const check = await runCli(['generate', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('out of date: src/generated/ping/port.ts');
    const again = await runCli(['generate'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readFileSync(service, 'utf8')).toBe('// mine\n');
    expect(fs.readFileSync(port, 'utf8')).toBe(original);
    const recheck = await runCli(['generate', '--check'], { cwd: dir });
    expect(recheck.code, recheck.stdout + recheck.stderr).toBe(0);
  });

  it('removes the generated files of a deleted feature, never its scaffolds', async () => {
    const dir = project({ 'features/extra.feature': PING.replace('Feature: Ping', 'Feature: Extra').replace('/v1/ping', '/v1/extra') });
    await runCli(['generate'], { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'src/generated/extra/port.ts'))).toBe(true);
    fs.rmSync(path.join(dir, 'features/extra.feature'));
    const check = await runCli(['generate', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('would remove src/generated/extra/port.ts');
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(Object.keys(tree(dir)).filter((f) => f.includes('extra')).sort()).toEqual(['src/services/extra.service.ts', 'src/steps/extra.steps.ts']);
    expect(fs.readFileSync(path.join(dir, 'src/generated/router.ts'), 'utf8')).not.toContain('extra');
  });

  it('plans without writing in a dry run, as JSON', async () => {
    const dir = project();
    const result = await runCli(['generate', '--dry-run', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.dryRun).toBe(true);
    expect(json.featureSha).toMatch(/^[0-9a-f]{12}$/);
    expect(json.files.every((f: { action: string }) => f.action === 'would-write')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
  });

  it('writes under --out and leaves the project untouched', async () => {
    const dir = project();
    const out = path.join(tempDir('specgate-gen-out-'), 'not', 'yet', 'there');
    const result = await runCli(['generate', '--out', out], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, 'src/generated/router.ts'))).toBe(true);
    expect(Object.keys(tree(dir))).toEqual(['features/ping.feature']);
  });

  it('refuses to write through a symlinked folder that leads outside', async () => {
    const dir = project();
    const outside = tempDir('specgate-gen-outside-');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.symlinkSync(outside, path.join(dir, 'src/generated'));
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('UNSAFE_OUTPUT_PATH');
    expect(fs.readdirSync(outside)).toEqual([]);
    // Decided before writing: nothing else was written either.
    expect(fs.existsSync(path.join(dir, 'docs'))).toBe(false);
  });

  it('refuses a generate.out outside the project as a config error (exit 2)', async () => {
    const dir = project({ 'specgate.yaml': 'generate:\n  out: ../escape\n' });
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('specgate.yaml:2:8: error CONFIG_INVALID: generate.out: must be a path inside the project');
    expect(fs.existsSync(path.join(dir, '..', 'escape'))).toBe(false);
  });

  it('says where to put specs when there are none (exit 2)', async () => {
    const dir = tempDir('specgate-gen-empty-');
    const missing = await runCli(['generate'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('features: error SPEC_PATH_NOT_FOUND');
    fs.mkdirSync(path.join(dir, 'features'));
    const empty = await runCli(['generate'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('SPEC_NONE_FOUND: no .feature files found in features');
    expect(empty.stderr).toContain('hint: write specs as features/<name>.feature');
  });

  it('names file and line of a spec that is not Gherkin (exit 2)', async () => {
    const dir = project({ 'features/bad.feature': 'Feature: x\n  Scenario: y\n    Given a\n  this is not gherkin\n' });
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/features\/bad\.feature:4: error SPEC_UNPARSEABLE/);
  });

  it('runs the external generator with the spec set, feature SHA and output folder in its environment', async () => {
    const dir = project({
      'gen.mjs': `import fs from 'node:fs';
fs.writeFileSync(process.env.SPECGATE_OUT + '/env.json', JSON.stringify({
  sha: process.env.SPECGATE_FEATURE_SHA, features: process.env.SPECGATE_FEATURES, out: process.env.SPECGATE_OUT, cwd: process.cwd(),
  key: process.env.SPECGATE_SIGNING_KEY ?? null, agentToken: process.env.AGENT_TOKEN ?? null }));
`,
      'specgate.yaml': `generate:
  command:
    run: node gen.mjs
    name: my-agent
    versionCommand: node -e "console.log('my-agent 1.2.3')"
`,
    });
    const result = await runCli(['generate', '--json'], { cwd: dir, env: { SPECGATE_SIGNING_KEY: 'secret-pem', AGENT_TOKEN: 'agent-credential' } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).generator).toEqual({ name: 'my-agent', command: 'node gen.mjs', version: 'my-agent 1.2.3' });
    const env = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8'));
    const id = (await runCli(['id'], { cwd: dir })).stdout.trim();
    const real = fs.realpathSync(dir);
    // The tool keeps its own credentials but never sees specgate's signing key.
    expect(env).toEqual({ sha: id, features: path.join(dir, 'features/ping.feature'), out: dir, cwd: real, key: null, agentToken: 'agent-credential' });
  });

  it('fails clearly when the external generator fails', async () => {
    const dir = project({ 'specgate.yaml': 'generate:\n  command: node -e "process.exit(3)"\n' });
    const result = await runCli(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("EXTERNAL_GENERATOR_FAILED: external generator 'node' exited with 3");
  });
});
