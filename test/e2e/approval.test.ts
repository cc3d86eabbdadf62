// End-to-end: a compliance run pauses before deploy, is approved by someone other than its
// initiator (signed with a listed approver key), resumes, deploys for real and ends with evidence
// that verifies with `specgate verify` and with openssl.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, PING_APP, makeProject } from '../helpers/project.js';
import { expectValid, readJson } from '../helpers/schema.js';
import { freePort } from '../helpers/net.js';
import { tempDir } from '../helpers/tmp.js';

const SERVER = `import http from 'node:http';
http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' || req.url === '/v1/ping' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ pong: true }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function pem(kind: 'private' | 'public', pair: ReturnType<typeof generateKeyPairSync>): string {
  return kind === 'private'
    ? pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    : pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}


const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await runCli(['stop'], { cwd: root });
});

describe('compliance approval and resume', () => {
  it('pauses, refuses the initiator, accepts a listed approver, resumes, deploys and verifies', async () => {
    const runKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const alice = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const mallory = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = tempDir('specgate-keys-');
    fs.writeFileSync(path.join(keys, 'alice.key'), pem('private', alice), { mode: 0o600 });
    fs.writeFileSync(path.join(keys, 'mallory.key'), pem('private', mallory), { mode: 0o600 });
    const port = await freePort();
    const root = makeProject({
      config: [
        'name: approvals',
        'mode: compliance',
        'commands:',
        `  test: ${JSON.stringify(coverageCommand(90))}`,
        `  build: "mkdir -p dist && cp server.mjs dist/server.mjs"`,
        'sast:',
        '  enabled: false',
        '  sarif: [clean.sarif]',
        'generate:',
        '  scenarios:',
        '    app: app.mjs',
        'approvers:',
        '  - name: alice',
        '    publicKey: approvers/alice.pub',
        'deploy:',
        '  command: node dist/server.mjs',
        `  port: ${port}`,
        '  retries: 0',
        '  retryIntervalSeconds: 0',
        '  health:',
        '    intervalSeconds: 0.1',
        '    healthyWithinSeconds: 10',
        '',
      ].join('\n'),
      files: { 'server.mjs': SERVER, 'app.mjs': PING_APP, 'clean.sarif': CLEAN_SARIF, 'approvers/alice.pub': pem('public', alice), 'package.json': '{"name":"approvals","version":"1.0.0"}\n', 'package-lock.json': '{"name":"approvals","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"approvals","version":"1.0.0"}}}\n' },
    });
    roots.push(root);
    const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: pem('private', runKey) };

    const first = await runCli(['run'], { cwd: root, env, timeoutMs: 120_000 });
    expect(first.code, first.stdout + first.stderr).toBe(3);
    const runId = /specgate approve (\d{14}(?:-\d+)?)/.exec(first.stdout)?.[1];
    expect(runId).toBeDefined();
    // After "awaiting approval" the CLI prints the next commands: approve, then resume.
    expect(first.stdout).toContain(`then continue with:\n  specgate run --resume ${runId!}\n`);

    // Four-eyes: the initiator cannot approve, nor can an unlisted key or an unsigned approval.
    const self = await runCli(['approve', runId!, '--by', 'ivan', '--key', path.join(keys, 'alice.key')], { cwd: root, env });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('SELF_APPROVAL');
    const unsigned = await runCli(['approve', runId!, '--by', 'alice'], { cwd: root, env });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('SIGNATURE_REQUIRED');
    const unlisted = await runCli(['approve', runId!, '--by', 'mallory', '--key', path.join(keys, 'mallory.key')], { cwd: root, env });
    expect(unlisted.code).not.toBe(0);
    expect(unlisted.stderr).toContain('APPROVAL_UNLISTED');
    // Resuming before a valid approval stays blocked.
    const early = await runCli(['run', '--resume', runId!], { cwd: root, env, timeoutMs: 60_000 });
    expect(early.code).toBe(3);

    const approve = await runCli(['approve', runId!, '--by', 'alice', '--key', path.join(keys, 'alice.key'), '--reason', 'CAB-42'], { cwd: root, env });
    expect(approve.code, approve.stderr).toBe(0);
    const log = fs.readFileSync(path.join(root, 'reports/audit/checkpoints.log'), 'utf8');
    expect(log).toMatch(new RegExp(`\\| ${runId} \\| [0-9a-f]{12} \\| approval \\| approved \\| approval-request\\.json \\|`));

    const resumed = await runCli(['run', '--resume', runId!], { cwd: root, env, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const runDir = path.join(root, 'reports', fs.readdirSync(path.join(root, 'reports')).find((d) => /^[0-9a-f]{12}$/.test(d))!, runId!);
    const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { status: string; approvals: { by: string }[]; stages: { name: string; status: string }[] };
    expect(manifest.status).toBe('success');
    expect(manifest.approvals.map((a) => a.by)).toEqual(['alice']);
    expect(manifest.stages.find((s) => s.name === 'deploy')?.status).toBe('success');
    for (const [file, schema] of [
      ['approval-request.json', 'approval-request'],
      ['manifest.json', 'manifest'],
      ['deploy-report.json', 'deploy-report'],
      ['generation.json', 'generation'],
    ] as const) {
      expectValid(schema, readJson(path.join(runDir, file)));
    }

    // Every file verifies with specgate and every signature with openssl alone.
    const verify = await runCli(['verify', runDir], { cwd: root });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const pub = path.join(keys, 'run.pub');
    fs.writeFileSync(pub, pem('public', runKey));
    const sigs = fs.readdirSync(runDir, { recursive: true }).map(String).filter((f) => f.endsWith('.sig'));
    expect(sigs).toContain('manifest.json.sig');
    for (const sig of sigs) {
      const der = path.join(keys, 'sig.der');
      fs.writeFileSync(der, Buffer.from(fs.readFileSync(path.join(runDir, sig), 'utf8'), 'base64'));
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', der, path.join(runDir, sig.slice(0, -4))], { encoding: 'utf8' });
      expect(out.trim()).toBe('Verified OK');
    }
    // Secrets never land in evidence.
    const everything = fs.readdirSync(path.join(root, 'reports'), { recursive: true }).map(String);
    for (const file of everything) {
      const full = path.join(root, 'reports', file);
      if (!fs.statSync(full).isFile()) continue;
      const text = fs.readFileSync(full, 'utf8');
      expect(text).not.toContain(pem('private', runKey).split('\n')[1]!);
    }
  });
});
