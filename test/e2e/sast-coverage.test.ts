// The "SAST that scanned nothing" hole, reproduced and closed: a service whose src/ holds only Go
// was "scanned" by the JavaScript linter, SARIF without artifacts, gate pass and ✅. Now the scan
// records what it read: compliance fails, sandbox warns, and the report says "0 files scanned".
import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { coverageCommand, makeProject, PING_APP } from '../helpers/project.js';

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: key };

async function validate(root: string, mode: string): Promise<{ code: number | null; gate?: { outcome: string; reason: string }; runDir: string }> {
  const r = await runCli(['run', '--mode', mode, '--stages', 'preflight,validate', '--json'], { cwd: root, env, timeoutMs: 120_000 });
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; runDir?: string; decision?: { gate: string; outcome: string; reason: string } });
  const gate = events.find((e) => e.type === 'gate' && e.decision?.gate === 'sast')?.decision;
  const runDir = events.find((e) => e.type === 'run.finished')?.runDir ?? '';
  return gate === undefined ? { code: r.code, runDir } : { code: r.code, gate, runDir };
}

describe('scans that prove they looked', () => {
  it('a Go-only src/ scanned by nothing: compliance fails (exit 1), sandbox warns (exit 0), the report shows "0 files scanned" and no ✅', async () => {
    const root = makeProject({
      config: ['name: gosvc', 'commands:', `  test: ${JSON.stringify(coverageCommand(90))}`, 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n'),
      files: { 'src/main.go': 'package main\n\nfunc main() {}\n', 'app.mjs': PING_APP },
    });
    const compliance = await validate(root, 'compliance');
    expect(compliance.gate).toMatchObject({ outcome: 'fail', reason: expect.stringMatching(/0 files scanned.*no scanner covers go/) });
    expect(compliance.code).toBe(1);
    const sandbox = await validate(root, 'sandbox');
    expect(sandbox.gate?.outcome).toBe('warn');
    expect(sandbox.code).toBe(0);
    const report = await runCli(['report', path.basename(sandbox.runDir), '--feature', path.basename(path.dirname(sandbox.runDir))], { cwd: root });
    const sastLine = report.stdout.split('\n').find((l) => l.startsWith('| SAST |')) ?? '';
    expect(sastLine, report.stdout).toContain('0 files scanned');
    expect(sastLine).not.toContain('✅');
  }, 180_000);
});
