// The ledger-rewrite hole, reproduced and closed: a ledger edited (or cut, or replaced by another
// project's) and re-chained with the published formula still verifies as a chain, but no longer
// matches the anchors in the signed manifests and the signed heads. `audit verify`, `report` and a
// compliance run all say so, with the contract exit codes.
import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';
import { rechain } from '../helpers/ledger.js';
import { tempDir } from '../helpers/tmp.js';

const CONFIG = ['name: anchors', 'commands:', `  test: ${JSON.stringify(coverageCommand(90))}`, 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n');

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const owner = keyPair();


interface Fixture {
  root: string;
  ledgerFile: string;
  original: string;
  runDirs: string[];
}

async function twoSignedRuns(): Promise<Fixture> {
  const root = makeProject({ config: CONFIG, files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP, 'keys/owner.pub': owner.publicPem } });
  const runDirs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await runCli(['run', '--stages', 'preflight', '--json'], { cwd: root, env: { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: owner.privatePem } });
    expect(r.code, r.stderr).toBe(0);
    const end = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; runDir?: string }).find((e) => e.type === 'run.finished');
    runDirs.push(end!.runDir!);
  }
  const ledgerFile = path.join(root, 'reports/audit/checkpoints.log');
  return { root, ledgerFile, original: fs.readFileSync(ledgerFile, 'utf8'), runDirs };
}

function ledgerLines(f: Fixture): string[] {
  return f.original.split('\n').slice(0, -1);
}

function writeLedger(f: Fixture, lines: readonly string[]): void {
  fs.writeFileSync(f.ledgerFile, `${lines.join('\n')}\n`);
}

describe('ledger anchored in signed evidence', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await twoSignedRuns();
  }, 120_000);

  it('every signed manifest records the opening and sealing anchors; every sealed run leaves a signed head', () => {
    const lines = ledgerLines(f);
    for (const dir of f.runDirs) {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { runId: string; featureSha: string; ledger: { opened: { line: number; chain: string }; sealed: { line: number; chain: string } } };
      const opened = lines[m.ledger.opened.line - 1]!;
      expect(opened).toContain(` | ${m.runId} | ${m.featureSha} | run | started | `);
      expect(opened.endsWith(m.ledger.opened.chain)).toBe(true);
      const sealed = lines[m.ledger.sealed.line - 1]!;
      expect(sealed).toMatch(new RegExp(` \\| ${m.runId} \\| ${m.featureSha} \\| run \\| (success|warning) \\| manifest.json \\| ${m.ledger.sealed.chain}$`));
      const head = path.join(f.root, 'reports/audit/heads', `${m.runId}-${m.featureSha}.json`);
      expect(JSON.parse(fs.readFileSync(head, 'utf8'))).toMatchObject({ runId: m.runId, line: m.ledger.sealed.line, chain: m.ledger.sealed.chain });
      // Auditors need no specgate: openssl checks the head's signature with the published key.
      const dirTmp = tempDir('specgate-head-');
      fs.writeFileSync(path.join(dirTmp, 'sig.der'), Buffer.from(fs.readFileSync(`${head}.sig`, 'utf8'), 'base64'));
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', path.join(f.root, 'keys/owner.pub'), '-signature', path.join(dirTmp, 'sig.der'), head], { encoding: 'utf8' });
      expect(out.trim()).toBe('Verified OK');
    }
  });

  it('an intact ledger passes with the trusted key', async () => {
    writeLedger(f, ledgerLines(f));
    const r = await runCli(['audit', 'verify', '--key', 'keys/owner.pub'], { cwd: f.root });
    expect(r.stdout).toMatch(/chain intact/);
    expect(r.stdout).toMatch(/ok: anchors of 2 run\(s\) \(2 signed\) and 2 head\(s\) checked with trusted key/);
    expect(r.code).toBe(0);
  });

  it('edit + rehash (deploy success → failure style): chain intact, anchors broken → audit verify 1, report 1 with ❌, compliance run 3', async () => {
    const lines = ledgerLines(f);
    const edited = [...lines];
    const at = lines.findIndex((l) => / \| preflight \| (success|warning) \| /.test(l));
    expect(at).toBeGreaterThan(0);
    edited[at] = edited[at]!.replace(/ \| preflight \| (success|warning) \| /, ' | preflight | failure | ');
    writeLedger(f, rechain(edited));
    const json = JSON.parse((await runCli(['audit', 'verify', '--json'], { cwd: f.root })).stdout) as { ok: boolean; chainOk: boolean; anchors: { problems: { kind: string }[] } };
    expect(json.chainOk).toBe(true);
    expect(json.ok).toBe(false);
    expect(json.anchors.problems.map((p) => p.kind)).toContain('rewritten');
    const r = await runCli(['audit', 'verify'], { cwd: f.root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error LEDGER_REWRITTEN .*the ledger was rewritten at or before line/);
    const report = await runCli(['report', 'latest', '--feature', path.basename(path.dirname(f.runDirs[1]!)), '--key', 'keys/owner.pub'], { cwd: f.root });
    expect(report.code).toBe(1);
    expect(report.stdout).toMatch(/❌.*does not match signed evidence/);
    const compliance = await runCli(['run', '--mode', 'compliance', '--stages', 'preflight'], { cwd: f.root, env: { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: owner.privatePem } });
    expect(compliance.code).toBe(3);
    expect(compliance.stderr).toMatch(/ledger/);
  });

  it('dropping the last three lines is caught (LEDGER_TRUNCATED) in sandbox terms too: exit 1', async () => {
    writeLedger(f, ledgerLines(f).slice(0, -3));
    const r = await runCli(['audit', 'verify'], { cwd: f.root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error LEDGER_TRUNCATED/);
  });

  it("splicing in another project's ledger is caught", async () => {
    const other = await twoSignedRuns();
    writeLedger(f, ledgerLines(other));
    const r = await runCli(['audit', 'verify'], { cwd: f.root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/LEDGER_(REWRITTEN|TRUNCATED)/);
  }, 120_000);

  it('a rewrite re-signed with another key passes only self-consistency; the trusted key catches it', async () => {
    const attacker = keyPair();
    const lines = ledgerLines(f);
    const edited = rechain(lines.map((l) => l.replace(/ \| preflight \| (success|warning) \| /, ' | preflight | failure | ')));
    expect(edited.join('\n')).toContain('| preflight | failure |');
    writeLedger(f, edited);
    const copy = tempDir('specgate-forge-');
    const forgedKey = path.join(copy, 'attacker.key');
    fs.writeFileSync(forgedKey, attacker.privatePem);
    // The attacker rewrites every anchor and head to the new chain and re-signs them with their key.
    const { sign } = await import('node:crypto');
    const resign = (file: string): void => fs.writeFileSync(`${file}.sig`, sign('sha256', fs.readFileSync(file), { key: attacker.privatePem, dsaEncoding: 'der' }).toString('base64'));
    for (const dir of f.runDirs) {
      const file = path.join(dir, 'manifest.json');
      const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { ledger: Record<string, { line: number; chain: string }> };
      for (const a of Object.values(m.ledger)) a.chain = edited[a.line - 1]!.slice(-64);
      fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
      resign(file);
      fs.writeFileSync(path.join(dir, 'signing.pub'), attacker.publicPem);
    }
    const heads = path.join(f.root, 'reports/audit/heads');
    for (const name of fs.readdirSync(heads).filter((n) => n.endsWith('.json'))) {
      const file = path.join(heads, name);
      const h = JSON.parse(fs.readFileSync(file, 'utf8')) as { line: number; chain: string };
      h.chain = edited[h.line - 1]!.slice(-64);
      fs.writeFileSync(file, `${JSON.stringify(h, null, 2)}\n`);
      resign(file);
    }
    const selfConsistent = await runCli(['audit', 'verify'], { cwd: f.root });
    expect(selfConsistent.code).toBe(0);
    expect(selfConsistent.stdout).toMatch(/self-consistency only/);
    const trusted = await runCli(['audit', 'verify', '--key', 'keys/owner.pub'], { cwd: f.root });
    expect(trusted.code).toBe(1);
    expect(trusted.stdout).toMatch(/ANCHOR_SIGNATURE_INVALID .*signature does not verify with the trusted key/);
    // signing.publicKey in specgate.yaml does the same without a flag.
    fs.appendFileSync(path.join(f.root, 'specgate.yaml'), 'signing:\n  publicKey: keys/owner.pub\n');
    expect((await runCli(['audit', 'verify'], { cwd: f.root })).code).toBe(1);
  });
});
