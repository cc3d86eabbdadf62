// Secrets in captured streams (issue #13 item 6): commands and services that print their
// environment and well-known token shapes leave no secret value in any byte specgate writes —
// logs/*.log, .specgate/releases/<release>.log, evidence, events — in the project or outside.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';
import { addRun, cleanup, makeProject as makeDeployProject, type TestProject } from '../fixtures/deploy/harness.js';
import { allBytesUnder } from './helpers.js';

/** Secret values: each distinct and long enough to be unmistakable in a grep. */
const SECRETS = {
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY',
  GITHUB_TOKEN: 'gh-actions-token-5f8c2a9e1b7d',
  SPECGATE_DASHBOARD_TOKEN: 'dash-token-c0ffee-1234567890',
  SERVICE_API_TOKEN: 'svc-api-token-9a8b7c6d5e4f',
  DB_PASSWORD: 'hunter2-but-longer-3e7a',
  MY_CUSTOM_VAR: 'custom-listed-secret-77aa',
};
const TOKENS = [`ghp_${'A'.repeat(18)}${'B'.repeat(18)}`, 'AKIAIOSFODNN7EXAMPLE', 'xoxb-123456789012-abcdefghij', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'];
const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgFAKEKEYMATERIAL1\n-----END PRIVATE KEY-----';

function leaks(root: string): string[] {
  const found: string[] = [];
  // specgate.yaml is the test's own input (it holds the printing commands).
  for (const [file, bytes] of allBytesUnder(root).filter(([f]) => f !== 'specgate.yaml')) {
    for (const value of [...Object.values(SECRETS), ...TOKENS, 'FAKEKEYMATERIAL1']) if (bytes.includes(value)) found.push(`${file}: ${value.slice(0, 12)}…`);
  }
  return found;
}

let deployProject: TestProject | undefined;
afterEach(async () => {
  if (deployProject) await cleanup(deployProject.root);
  deployProject = undefined;
});

describe('secrets never reach a written byte', () => {
  it('lint, test and build commands that print env, tokens and a private key: every log redacted', async () => {
    const print = `env; echo ${TOKENS.join(' ')}; printf '%s\\n' "$PEM_TEXT"; printf 'split %s' '${SECRETS.GITHUB_TOKEN.slice(0, 10)}'; sleep 0.1; printf '%s done\\n' '${SECRETS.GITHUB_TOKEN.slice(10)}'`;
    const root = makeProject({
      config: [
        'name: demo',
        'redaction: {names: [MY_CUSTOM_VAR]}',
        'commands:',
        `  lint: ${JSON.stringify(print)}`,
        `  test: ${JSON.stringify(`${print}; ${coverageCommand(90)}`)}`,
        `  build: ${JSON.stringify(`${print}; mkdir -p dist && echo ok > dist/app.txt`)}`,
        'sast: {enabled: false, sarif: [clean.sarif]}',
        'generate: {scenarios: {app: app.mjs}}',
        '',
      ].join('\n'),
      files: { 'app.mjs': PING_APP, 'clean.sarif': CLEAN_SARIF, 'package.json': '{"name":"demo","version":"1.0.0"}\n', 'package-lock.json': '{"name":"demo","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"demo","version":"1.0.0"}}}\n' },
    });
    const r = await runCli(['run', '--mode', 'sandbox', '--json'], { cwd: root, env: { ...SECRETS, PEM_TEXT: PEM }, timeoutMs: 120_000 });
    const logs = allBytesUnder(root).filter(([file]) => /logs\/(lint|test|build)\.log$/.test(file));
    expect(logs.map(([f]) => path.basename(f)).sort(), r.stderr.slice(-3000)).toEqual(['build.log', 'lint.log', 'test.log']);
    for (const [, text] of logs) {
      expect(text).toContain('[REDACTED GITHUB_TOKEN]');
      expect(text).toContain('[REDACTED private key]');
      expect(text).toContain('[REDACTED aws access key id]');
      expect(text).toMatch(/split \[REDACTED GITHUB_TOKEN\] done/);
    }
    expect(leaks(root)).toEqual([]);
    // The --json event stream (CI logs keep it) quotes the commands, which name token literals: redacted too.
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; step?: string; detail?: string });
    expect(events.find((e) => e.type === 'stage.step' && e.step === 'lint')?.detail).toContain('[REDACTED github token]');
    for (const value of [...Object.values(SECRETS), ...TOKENS, 'FAKEKEYMATERIAL1']) expect(r.stdout + r.stderr).not.toContain(value);
  });

  it('a deployed service that prints its environment: .specgate/releases/<release>.log is redacted', async () => {
    // Generous health windows: the shared test machine can be slow to start a service.
    deployProject = await makeDeployProject({ health: '{ intervalSeconds: 0.2, timeoutSeconds: 2, healthyWithinSeconds: 20, stableSeconds: 0.5 }' });
    addRun(deployProject.root, '20260101000000', 'prints-env');
    const { MY_CUSTOM_VAR: _unlisted, ...serviceSecrets } = SECRETS;
    const deployed = await deployProject.cli(['deploy'], serviceSecrets);
    expect(deployed.code, deployed.stderr).toBe(0);
    const log = path.join(deployProject.root, '.specgate/releases/20260101000000.log');
    // The service writes its token in two pieces 50 ms apart; wait (bounded) for the second.
    const deadline = Date.now() + 15_000;
    while (!(fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes(' end')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const text = fs.readFileSync(log, 'utf8');
    expect(text).toContain('[REDACTED SERVICE_API_TOKEN]');
    expect(text).toContain('token: [REDACTED github token] end');
    expect(leaks(deployProject.root).filter((l) => !l.includes('custom-liste'))).toEqual([]);
  });
});
