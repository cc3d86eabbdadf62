// Executable scenarios end to end: the real cucumber run (child process) against an in-process app
// or a running service, every step status, the NDJSON evidence and spec coverage.
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import type * as RunModule from '../../src/cli/compose-scenarios.js';
import type * as ParseModule from '../../src/core/config/parse.js';
import type * as CoverageModule from '../../src/core/generate/spec-coverage.js';

// The runner starts dist/adapters/scenarios/cucumber-child.js, so these tests use the built modules.
const { runScenarios } = (await import(path.join(REPO_ROOT, 'dist/cli/compose-scenarios.js'))) as typeof RunModule;
const { defaultConfig } = (await import(path.join(REPO_ROOT, 'dist/core/config/parse.js'))) as typeof ParseModule;
const { buildSpecCoverage } = (await import(path.join(REPO_ROOT, 'dist/core/generate/spec-coverage.js'))) as typeof CoverageModule;

const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }).default;
const coverageSchema = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/spec-coverage.schema.json'), 'utf8')));

const APP = `export function createApp() {
  return (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status, value) => { res.writeHead(status, { 'content-type': 'application/json', 'x-trace': 'abc' }); res.end(JSON.stringify(value)); };
      if (req.url === '/healthz') return send(200, { status: 'ok' });
      if (req.url === '/v1/ping') return send(200, { pong: true, service: 'demo', nested: { list: [1, { deep: 'yes' }] } });
      if (req.url === '/v1/echo') return send(201, { received: body === '' ? null : JSON.parse(body), key: req.headers['idempotency-key'] ?? null });
      send(404, { error: 'not_found' });
    });
  };
}
`;

const FEATURE = `@resource:cpu=0.1,memory=128,storage=10,story_points=1
Feature: Demo
  Background:
    Given the service is running

  Scenario: ping passes
    When I call GET /v1/ping
    Then I receive a 200 OK response
    And the response contains "pong": true
    And the response contains "nested.list.1.deep": "yes"
    And the response includes "pong", "service" and "nested" fields
    And the response header "content-type" contains "application/json"
    And the response header "x-trace" is "abc"

  Scenario: doc string body and request header
    Given the request header "Idempotency-Key" is "key-12345678"
    When I call POST /v1/echo
      """
      {"amount": "1.50", "tags": ["a"]}
      """
    Then I receive a 201 Created response
    And the response contains "received": {"amount": "1.50", "tags": ["a"]}
    And the response contains "key": "key-12345678"

  Scenario: data table body
    When I call POST /v1/echo with:
      | amount | "2.00" |
      | count  | 3      |
      | note   | plain  |
    Then I receive a 201 Created response
    And the response contains "received": {"amount": "2.00", "count": 3, "note": "plain"}

  Scenario: wrong status fails
    When I call GET /v1/ping
    Then I receive a 500 Internal Server Error response

  Scenario: nobody defined this step
    When I call GET /v1/ping
    Then the moon is made of cheese

  Scenario: pending project step
    When I call GET /v1/ping
    Then the ledger balances

  Scenario: two definitions match
    When I call GET /v1/ping
    Then I receive a 418 teapot

  Scenario Outline: rows run separately
    When I call GET <path>
    Then I receive a <status> response

    Examples:
      | path     | status |
      | /v1/ping | 200    |
      | /nowhere | 200    |
`;

const STEPS = `export default function ({ Then }) {
  Then(/^the ledger balances$/, function () { return 'pending'; });
  Then(/^I receive a 418 teapot$/, function () {});
}
`;

function project(): string {
  const dir = tempDir('specgate-scen-');
  writeTree(dir, { 'app.mjs': APP, 'features/demo.feature': FEATURE, 'steps/project.steps.mjs': STEPS });
  return dir;
}

function config(extra: { app?: string; steps?: string[] } = {}) {
  const c = defaultConfig();
  return { ...c, generate: { ...c.generate, scenarios: { ...c.generate.scenarios, app: extra.app ?? 'app.mjs', steps: extra.steps ?? ['steps/project.steps.mjs'] } } };
}

describe('runScenarios against the in-process app', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof runScenarios>>;
  beforeAll(async () => {
    dir = project();
    result = await runScenarios({ projectRoot: dir, config: config(), featurePaths: ['features/demo.feature'] });
  });

  it('reports each pickle with its real status', () => {
    const status = Object.fromEntries(result.pickles.map((p) => [`${p.scenario}${p.example === undefined ? '' : `#${p.example}`}`, p.status]));
    expect(status).toEqual({
      'ping passes': 'passed',
      'doc string body and request header': 'passed',
      'data table body': 'passed',
      'wrong status fails': 'failed',
      'nobody defined this step': 'undefined',
      'pending project step': 'pending',
      'two definitions match': 'ambiguous',
      'rows run separately#0': 'passed',
      'rows run separately#1': 'failed',
    });
    expect(result.target).toBe('app:app.mjs');
  });

  it('explains failures with what the service returned, and locates every pickle', () => {
    const failed = result.pickles.find((p) => p.scenario === 'wrong status fails')!;
    expect(failed.error).toContain('expected status 500, got 200');
    expect(failed).toMatchObject({ file: 'features/demo.feature', line: 33, feature: 'Demo' });
    const rows = result.pickles.filter((p) => p.scenario === 'rows run separately');
    expect(rows.map((r) => [r.line, r.example])).toEqual([
      [49, 0],
      [49, 1],
    ]);
    for (const p of result.pickles) expect(p.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the cucumber messages as NDJSON evidence', () => {
    const lines = result.messagesNdjson.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toHaveProperty('meta');
    expect(lines.at(-1)).toHaveProperty('testRunFinished');
    expect(lines.filter((l) => l.pickle)).toHaveLength(9);
  });

  it('builds a schema-valid spec coverage document whose gate follows the mode', () => {
    const doc = buildSpecCoverage({ featureSha: '0123456789ab', scenarios: result.pickles, threshold: 100, mode: 'compliance', code: null });
    expect(coverageSchema(doc), JSON.stringify(coverageSchema.errors)).toBe(true);
    expect(doc.totals).toMatchObject({ total: 9, passed: 4, failed: 2, undefined: 1, pending: 1, ambiguous: 1, implemented: 7 });
    expect(doc.gate.outcome).toBe('fail');
  });
});

describe('runScenarios against a running service', () => {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' || req.url === '/v1/ping' ? 200 : 404, { 'content-type': 'application/json', 'x-trace': 'abc' });
    res.end(JSON.stringify({ pong: true, service: 'demo', nested: { list: [1, { deep: 'yes' }] } }));
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('uses baseUrl instead of the app and honours a tag expression', async () => {
    const dir = tempDir('specgate-scen-url-');
    writeTree(dir, {
      'features/ping.feature': FEATURE.replace('  Scenario: ping passes', '  @smoke\n  Scenario: ping passes'),
    });
    const result = await runScenarios({ projectRoot: dir, config: config({ steps: [] }), featurePaths: ['features'], baseUrl: url, tags: '@smoke' });
    expect(result.pickles.map((p) => [p.scenario, p.status])).toEqual([['ping passes', 'passed']]);
    expect(result.target).toBe(url);
  });

  it('fails the scenario, not the run, when the service is down', async () => {
    const dir = tempDir('specgate-scen-down-');
    writeTree(dir, { 'features/ping.feature': FEATURE.replace('  Scenario: ping passes', '  @smoke\n  Scenario: ping passes') });
    const result = await runScenarios({ projectRoot: dir, config: config({ steps: [] }), featurePaths: ['features'], baseUrl: 'http://127.0.0.1:9', tags: '@smoke' });
    expect(result.pickles.map((p) => p.status)).toEqual(['failed']);
    expect(result.pickles[0]!.error).toContain('did not answer /healthz with 2xx within 10000 ms');
  }, 120_000);
});

describe('runScenarios environment', () => {
  it('keeps specgate signing secrets away from app and step code', async () => {
    const dir = tempDir('specgate-scen-env-');
    writeTree(dir, {
      'features/env.feature': 'Feature: Env\n  Scenario: leak\n    Then the secret is not visible\n',
      'steps/env.steps.mjs': `export default function ({ Then }) {
  Then(/^the secret is not visible$/, function () {
    const leaked = ['SPECGATE_SIGNING_KEY', 'SPECGATE_KEY_PASSPHRASE'].filter((k) => process.env[k] !== undefined);
    if (leaked.length > 0 || process.env.HARMLESS !== 'yes') throw new Error('env: ' + leaked.join(','));
  });
}
`,
    });
    const env = { ...process.env, SPECGATE_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----', SPECGATE_KEY_PASSPHRASE: 'hunter2', HARMLESS: 'yes' };
    const result = await runScenarios({ projectRoot: dir, config: config({ steps: ['steps/env.steps.mjs'] }), featurePaths: ['features'], baseUrl: 'http://127.0.0.1:9', env });
    expect(result.pickles.map((p) => [p.status, p.error])).toEqual([['passed', undefined]]);
    expect(result.messagesNdjson).not.toContain('hunter2');
  });
});

describe('runScenarios errors', () => {
  it('says what an app module must export', async () => {
    const dir = tempDir('specgate-scen-bad-');
    writeTree(dir, { 'features/demo.feature': FEATURE, 'app.mjs': 'export const nothing = 1;\n' });
    await expect(runScenarios({ projectRoot: dir, config: config({ steps: [] }), featurePaths: ['features'] })).rejects.toMatchObject({
      code: 'SCENARIO_RUN_FAILED',
      message: expect.stringContaining('exports no app: export createApp()'),
    });
  });

  it('says when the app module has not been built', async () => {
    const dir = project();
    await expect(runScenarios({ projectRoot: dir, config: config({ app: 'dist/app.js' }), featurePaths: ['features'] })).rejects.toMatchObject({
      code: 'SCENARIO_RUN_FAILED',
      message: "generate.scenarios.app 'dist/app.js' does not exist",
    });
  });

  it('names a step file that cannot be loaded or defines nothing, with the loader message (never silently no steps)', async () => {
    const dir = tempDir('specgate-scen-stepfiles-');
    writeTree(dir, {
      'features/demo.feature': 'Feature: F\n  Scenario: s\n    Then the ledger has 2 rows\n',
      // CommonJS `exports.default` seen through ESM import is still the (cucumber) => void it means.
      'steps/cjs.steps.cjs': "exports.default = function ({ Then }) { Then('the ledger has {int} rows', function () {}); };\n",
      'steps/empty.steps.mjs': 'export const helper = 1;\n',
      'steps/broken.steps.mjs': 'module.exports = function () {};\n',
    });
    const run = (steps: string[]) => runScenarios({ projectRoot: dir, config: config({ steps }), featurePaths: ['features'], baseUrl: 'http://127.0.0.1:9' });
    await expect(run(['steps/cjs.steps.cjs', 'steps/empty.steps.mjs'])).rejects.toMatchObject({
      code: 'SCENARIO_RUN_FAILED',
      message: expect.stringMatching(/step file \S*steps\/empty\.steps\.mjs defines no steps/),
    });
    await expect(run(['steps/broken.steps.mjs'])).rejects.toMatchObject({
      message: expect.stringMatching(/step file \S*steps\/broken\.steps\.mjs could not be loaded: module is not defined/),
    });
  });

  it('refuses step files outside the project', async () => {
    const dir = project();
    await expect(runScenarios({ projectRoot: dir, config: config({ steps: ['../x.mjs'] }), featurePaths: ['features'] })).rejects.toMatchObject({
      code: 'UNSAFE_OUTPUT_PATH',
    });
  });
});

describe('specgate generate --scenarios', () => {
  it('writes spec-coverage.json and the messages, records results in the docs, and gates by mode', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'specgate.yaml'), 'generate:\n  scenarios:\n    app: app.mjs\n    steps: [steps/project.steps.mjs]\n');
    const sandbox = await runCli(['generate', '--scenarios', '--spec-coverage', 'out/spec-coverage.json'], { cwd: dir });
    expect(sandbox.code, sandbox.stderr).toBe(0);
    expect(sandbox.stdout).toContain('scenarios: 4/9 passed, 7 implemented (1 undefined, 1 pending, 2 failed)');
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'out/spec-coverage.json'), 'utf8'));
    expect(coverageSchema(doc)).toBe(true);
    expect(doc.gate.outcome).toBe('warn');
    expect(fs.readFileSync(path.join(dir, 'out/cucumber-messages.ndjson'), 'utf8')).toContain('"testRunFinished"');
    const trace = JSON.parse(fs.readFileSync(path.join(dir, 'docs/traceability.json'), 'utf8'));
    expect(trace.features[0].scenarios.map((s: { result: string }) => s.result)).toEqual([
      'passed', 'passed', 'passed', 'failed', 'undefined', 'pending', 'ambiguous', 'failed',
    ]);
    const compliance = await runCli(['generate', '--scenarios', '--mode', 'compliance'], { cwd: dir });
    expect(compliance.code).toBe(1);
    expect(compliance.stdout).toContain('fail');
  }, 120_000);
});
