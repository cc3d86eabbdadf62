// The report's blind spots, reproduced and closed: an edited provenance.sigstore.json used to fail
// `verify` while `report` exited 0 with no ❌; junit.xml showed a stage with warnings as a plain pass.
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('report and junit blind spots', () => {
  it('an edited Sigstore bundle is ❌ in the report (exit 1), as in verify; a warning stage is marked in junit.xml', async () => {
    // Coverage below the threshold: the validate stage ends with a warning in sandbox.
    const root = makeProject({
      config: ['name: blind', 'commands:', `  test: ${JSON.stringify(coverageCommand(50))}`, 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n'),
      files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP },
    });
    const r = await runCli(['run', '--stages', 'preflight,validate', '--json'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: key }, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const runDir = (r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; runDir?: string }).find((e) => e.type === 'run.finished'))!.runDir!;
    const junit = fs.readFileSync(path.join(runDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="specgate.pipeline" name="validate" time="[\d.]+">\n\s+<properties>\n\s+<property name="specgate.status" value="warning"\/>/);
    expect(junit).toMatch(/<system-out>WARNING: /);
    const sha = path.basename(path.dirname(runDir));
    const clean = await runCli(['report', 'latest', '--feature', sha], { cwd: root });
    expect(clean.stdout).toMatch(/^\| Provenance \| [^|]+\| ✅ pass/m);
    const bundle = path.join(runDir, 'provenance.sigstore.json');
    const doc = JSON.parse(fs.readFileSync(bundle, 'utf8')) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(doc.dsseEnvelope.payload, 'base64').toString('utf8')) as { predicate: Record<string, unknown> };
    statement.predicate.forged = true;
    doc.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    fs.writeFileSync(bundle, JSON.stringify(doc));
    expect((await runCli(['verify', runDir], { cwd: root })).code).toBe(1);
    const report = await runCli(['report', 'latest', '--feature', sha], { cwd: root });
    expect(report.code).toBe(1);
    expect(report.stdout).toMatch(/^\| Provenance \| [^|]+\| ❌ fail — provenance.sigstore.json: /m);
  }, 180_000);
});
