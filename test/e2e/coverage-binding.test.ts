// The stale-coverage hole, reproduced and closed: a coverage/coverage-summary.json left from an
// earlier run (96 %) must not pass this run's code-coverage gate. In sandbox it is a warning, in
// compliance a failure, both with a reason that says so; a file the test command writes counts,
// and its exact bytes are copied into the run's signed evidence.
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: key };
const OLD = JSON.stringify({ total: { lines: { total: 100, covered: 96, skipped: 0, pct: 96 }, statements: { total: 100, covered: 96, skipped: 0, pct: 96 }, functions: { total: 1, covered: 1, skipped: 0, pct: 100 }, branches: { total: 1, covered: 1, skipped: 0, pct: 100 } } });

function project(test: string): string {
  const root = makeProject({
    config: ['name: cov', 'commands:', `  test: ${JSON.stringify(test)}`, 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n'),
    files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP, 'old-summary.json': OLD },
  });
  fs.mkdirSync(path.join(root, 'coverage'), { recursive: true });
  fs.writeFileSync(path.join(root, 'coverage/coverage-summary.json'), OLD);
  const past = new Date(Date.now() - 3_600_000);
  fs.utimesSync(path.join(root, 'coverage/coverage-summary.json'), past, past);
  fs.utimesSync(path.join(root, 'old-summary.json'), past, past);
  return root;
}

async function run(root: string, mode: 'sandbox' | 'compliance'): Promise<{ code: number | null; gate: { outcome: string; reason: string } | undefined; runDir: string }> {
  const r = await runCli(['run', '--mode', mode, '--stages', 'preflight,validate', '--json'], { cwd: root, env, timeoutMs: 120_000 });
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; decision?: { gate: string; outcome: string; reason: string }; runDir?: string });
  return { code: r.code, gate: events.find((e) => e.type === 'gate' && e.decision?.gate === 'code coverage')?.decision, runDir: events.find((e) => e.type === 'run.finished')?.runDir ?? '' };
}

describe('coverage bound to the run', () => {
  it('a coverage file left from an earlier run does not count: sandbox warns (exit 0), compliance fails (exit 1); the file is put back', async () => {
    const root = project('true');
    const sandbox = await run(root, 'sandbox');
    expect(sandbox.gate).toMatchObject({ outcome: 'warn', reason: expect.stringMatching(/did not write coverage\/coverage-summary.json: no coverage produced by this run .*earlier run/) });
    expect(sandbox.code).toBe(0);
    const compliance = await run(root, 'compliance');
    expect(compliance.gate).toMatchObject({ outcome: 'fail' });
    expect(compliance.code).toBe(1);
    expect(fs.readFileSync(path.join(root, 'coverage/coverage-summary.json'), 'utf8')).toBe(OLD);
  }, 180_000);

  it('a stale file copied back with its old time (cp -p) is refused as stale', async () => {
    const root = project('cp -p old-summary.json coverage/coverage-summary.json');
    const compliance = await run(root, 'compliance');
    expect(compliance.gate).toMatchObject({ outcome: 'fail', reason: expect.stringMatching(/coverage-summary.json is stale: last written .* before this run's test command started/) });
    expect(compliance.code).toBe(1);
    expect((await run(root, 'sandbox')).gate?.outcome).toBe('warn');
  }, 180_000);

  it('coverage the test command writes counts, and its exact bytes are in the evidence with their digest', async () => {
    const root = project(coverageCommand(85.2));
    const compliance = await run(root, 'compliance');
    expect(compliance.gate).toMatchObject({ outcome: 'pass', reason: expect.stringContaining('copied to coverage/coverage-summary.json') });
    expect(compliance.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(compliance.runDir, 'manifest.json'), 'utf8')) as { artifacts: { path: string; sha256: string }[] };
    const copy = manifest.artifacts.find((a) => a.path === 'coverage/coverage-summary.json');
    expect(copy).toBeDefined();
    expect(fs.readFileSync(path.join(compliance.runDir, 'coverage/coverage-summary.json'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'coverage/coverage-summary.json'), 'utf8'));
    expect(fs.existsSync(path.join(root, 'coverage/coverage-summary.json.specgate-previous'))).toBe(false);
  }, 180_000);
});
