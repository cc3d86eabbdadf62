// Approvals bound to identities, attacked the ways the issue lists: a typed name without approvers
// ("four-eyes by typing a name"), the initiator disguised by case, fullwidth letters or invisible
// characters, concurrent approvals racing, and signatures checked by outside tools — openssl for
// P-256 approvals, `ssh-keygen -Y verify` for SSH ones — with nothing from specgate.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const runKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const carol = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pemOf = (k: ReturnType<typeof generateKeyPairSync>, kind: 'private' | 'public'): string =>
  kind === 'private' ? k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: pemOf(runKey, 'private') };

function sshKey(dir: string, name: string): { key: string; pub: string } {
  const key = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', key]);
  return { key, pub: fs.readFileSync(`${key}.pub`, 'utf8').trim() };
}

function project(approvers: string): string {
  return makeProject({
    config: ['name: approvals', 'mode: compliance', 'commands:', `  test: ${JSON.stringify(coverageCommand(90))}`, 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', approvers, ''].join('\n'),
    files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP, 'keys/carol.pub': pemOf(carol, 'public') },
  });
}

async function pausedRun(root: string): Promise<{ runId: string; first: CliResult }> {
  const first = await runCli(['run', '--stages', 'preflight,deploy'], { cwd: root, env, timeoutMs: 120_000 });
  expect(first.code, first.stdout + first.stderr).toBe(3);
  const runId = /specgate approve (\d{14}(?:-\d+)?)/.exec(first.stdout + first.stderr)?.[1];
  expect(runId).toBeDefined();
  return { runId: runId!, first };
}

function manifestOf(root: string, runId: string): { approvals: { by: string; signature?: string; keyFingerprint?: string }[] } {
  const sha = fs.readdirSync(path.join(root, 'reports')).find((d) => /^[0-9a-f]{12}$/.test(d))!;
  return JSON.parse(fs.readFileSync(path.join(root, 'reports', sha, runId, 'manifest.json'), 'utf8')) as ReturnType<typeof manifestOf>;
}

describe('approvals bound to identities (hostile)', () => {
  it('without approvers: the gate blocks (exit 3) saying how to add approvers, and a typed name never counts', async () => {
    const root = project('');
    const { runId, first } = await pausedRun(root);
    expect(first.stdout + first.stderr).toMatch(/no approvers are configured/);
    expect(first.stdout + first.stderr).toMatch(/approvers: \[\{name: alice, publicKey: keys\/alice.pub\}\]/);
    const typed = await runCli(['approve', runId, '--by', 'alice'], { cwd: root, env: { ...env, SPECGATE_INITIATOR: undefined } });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('APPROVERS_MISSING');
    expect(manifestOf(root, runId).approvals).toEqual([]);
    const resumed = await runCli(['run', '--resume', runId], { cwd: root, env, timeoutMs: 60_000 });
    expect(resumed.code).toBe(3);
  });

  it('the initiator is refused however the name is written; invisible characters are refused outright', async () => {
    const root = project(['approvers:', '  - name: carol', '    publicKey: keys/carol.pub'].join('\n'));
    const { runId } = await pausedRun(root);
    const keys = tempDir('specgate-carol-');
    fs.writeFileSync(path.join(keys, 'carol.key'), pemOf(carol, 'private'), { mode: 0o600 });
    for (const disguise of ['IVAN', 'Ivan ', 'ｉｖａｎ']) {
      const r = await runCli(['approve', runId, '--by', disguise, '--key', path.join(keys, 'carol.key')], { cwd: root, env });
      expect(r.code, disguise).toBe(1);
      expect(r.stderr).toContain('SELF_APPROVAL');
    }
    for (const hidden of ['iv\u200ban', 'car\u202eol', 'carol\u0007']) {
      const r = await runCli(['approve', runId, '--by', hidden, '--key', path.join(keys, 'carol.key')], { cwd: root, env });
      expect(r.code, JSON.stringify(hidden)).toBe(2);
      expect(r.stderr).toContain('IDENTITY_INVALID');
    }
    // The listed approver's name in another case is still carol: accepted, and openssl alone verifies it.
    const ok = await runCli(['approve', runId, '--by', 'CAROL', '--key', path.join(keys, 'carol.key')], { cwd: root, env });
    expect(ok.code, ok.stderr).toBe(0);
    const approval = manifestOf(root, runId).approvals[0]!;
    const envelope = (JSON.parse(approval.signature!) as { envelope: { payload: string; payloadType: string; signatures: { sig: string }[] } }).envelope;
    const payload = Buffer.from(envelope.payload, 'base64');
    expect(JSON.parse(payload.toString('utf8'))).toMatchObject({ _type: 'https://specgate.dev/approval/v2', runId, approver: 'CAROL', requestDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${envelope.payloadType.length} ${envelope.payloadType} ${payload.length} `), payload]);
    fs.writeFileSync(path.join(keys, 'pae.bin'), pae);
    fs.writeFileSync(path.join(keys, 'sig.der'), Buffer.from(envelope.signatures[0]!.sig, 'base64'));
    const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', path.join(root, 'keys/carol.pub'), '-signature', path.join(keys, 'sig.der'), path.join(keys, 'pae.bin')], { encoding: 'utf8' });
    expect(out.trim()).toBe('Verified OK');
  });

  it('SSH approvals: checked against allowed_signers, verifiable with ssh-keygen -Y verify alone; concurrent approvals are all kept or refused', async () => {
    const keys = tempDir('specgate-ssh-');
    const alice = sshKey(keys, 'alice');
    const bob = sshKey(keys, 'bob');
    const mallory = sshKey(keys, 'mallory');
    const root = project(['approvers:', '  - name: alice@example.com', '    allowedSigners: allowed_signers', '  - name: bob@example.com', '    allowedSigners: allowed_signers'].join('\n'));
    fs.writeFileSync(path.join(root, 'allowed_signers'), `alice@example.com namespaces="specgate-approval" ${alice.pub}\nbob@example.com namespaces="specgate-approval" ${bob.pub}\n`);
    const { runId } = await pausedRun(root);
    // A key not in allowed_signers for that principal is refused.
    const forged = await runCli(['approve', runId, '--by', 'alice@example.com', '--ssh-key', mallory.key], { cwd: root, env });
    expect(forged.code).not.toBe(0);
    expect(forged.stderr).toContain('APPROVAL_FORGED');
    // Two approvers at once, and alice twice at once: both approvers kept, alice's duplicate refused.
    const results = await Promise.all([
      runCli(['approve', runId, '--by', 'alice@example.com', '--ssh-key', alice.key], { cwd: root, env }),
      runCli(['approve', runId, '--by', 'bob@example.com', '--ssh-key', bob.key], { cwd: root, env }),
      runCli(['approve', runId, '--by', 'Alice@Example.com', '--ssh-key', alice.key], { cwd: root, env }),
    ]);
    const codes = results.map((r) => r.code);
    expect(codes[1], results[1].stderr).toBe(0);
    expect([codes[0], codes[2]].sort()).toEqual([0, 2]);
    expect(results.some((r) => r.stderr.includes('ALREADY_APPROVED'))).toBe(true);
    const approvals = manifestOf(root, runId).approvals;
    expect(approvals.map((a) => a.by.toLowerCase()).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    const ledger = fs.readFileSync(path.join(root, 'reports/audit/checkpoints.log'), 'utf8');
    expect(ledger.match(/ \| approval \| approved \| /g)).toHaveLength(2);
    // The auditor's check, with ssh-keygen alone.
    for (const a of approvals) {
      const signed = JSON.parse(a.signature!) as { format: string; payload: string; signature: string };
      expect(signed.format).toBe('sshsig');
      const dir = tempDir('specgate-audit-');
      fs.writeFileSync(path.join(dir, 'approval.json'), Buffer.from(signed.payload, 'base64'));
      fs.writeFileSync(path.join(dir, 'approval.json.sig'), signed.signature);
      const principal = a.by.toLowerCase();
      const out = execFileSync('sh', ['-c', `ssh-keygen -Y verify -f "$1" -I "$2" -n specgate-approval -s "$3" < "$4"`, 'sh', path.join(root, 'allowed_signers'), principal, path.join(dir, 'approval.json.sig'), path.join(dir, 'approval.json')], { encoding: 'utf8' });
      expect(out).toMatch(new RegExp(`Good "specgate-approval" signature for ${principal}`));
    }
    const resumed = await runCli(['run', '--resume', runId, '--json'], { cwd: root, env, timeoutMs: 120_000 });
    expect(resumed.stdout).toMatch(/"gate":"approval","outcome":"pass"/);
  }, 180_000);
});
