// examples/python-service end to end, on a copy: a FastAPI service on Debian's python3 packages
// governed in compliance mode — pytest coverage (lcov), Bandit, an SBOM of its Python
// requirements, scenarios against the service specgate started, a signed approval by a listed
// approver, a healthy staging deploy, and evidence that `verify` and `audit verify` accept.
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { git } from '../helpers/project.js';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { readJson } from '../helpers/schema.js';
import { freePort } from '../helpers/net.js';
import { tempDir } from '../helpers/tmp.js';

const SOURCE = path.join(REPO_ROOT, 'examples/python-service');
const SKIP = new Set(['reports', 'coverage', '.specgate', '__pycache__', '.pytest_cache']);


const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await runCli(['stop'], { cwd: root });
});

describe('examples/python-service through compliance', () => {
  it('validates, scans, builds an SBOM, is approved with a signature, deploys healthy and verifies', async () => {
    const root = path.join(tempDir('specgate-python-'), 'python-service');
    fs.cpSync(SOURCE, root, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
    roots.push(root);
    const runKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const alice = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = tempDir('specgate-keys-');
    fs.writeFileSync(path.join(keys, 'alice.key'), alice.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    fs.mkdirSync(path.join(root, 'approvers'));
    fs.writeFileSync(path.join(root, 'approvers/alice.pub'), alice.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const config = fs.readFileSync(path.join(root, 'specgate.yaml'), 'utf8').replace(/port: \d+/, `port: ${await freePort()}`);
    fs.writeFileSync(path.join(root, 'specgate.yaml'), `${config}\napprovers:\n  - name: alice\n    publicKey: approvers/alice.pub\n`);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'python service');
    const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: runKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

    const first = await runCli(['run', '--mode', 'compliance'], { cwd: root, env, timeoutMs: 240_000 });
    expect(first.code, first.stdout + first.stderr).toBe(3);
    const runId = /specgate approve (\d{14}(?:-\d+)?)/.exec(first.stdout)?.[1];
    expect(runId).toBeDefined();
    const approve = await runCli(['approve', runId!, '--by', 'alice', '--key', path.join(keys, 'alice.key'), '--reason', 'CAB-7'], { cwd: root, env });
    expect(approve.code, approve.stderr).toBe(0);
    const resumed = await runCli(['run', '--mode', 'compliance', '--resume', runId!], { cwd: root, env, timeoutMs: 240_000 });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);

    const sha = fs.readdirSync(path.join(root, 'reports')).find((d) => /^[0-9a-f]{12}$/.test(d))!;
    const runDir = path.join(root, 'reports', sha, runId!);
    const manifest = readJson(path.join(runDir, 'manifest.json')) as { status: string; mode: string; approvals: { by: string }[] };
    expect(manifest).toMatchObject({ status: 'success', mode: 'compliance' });
    expect(manifest.approvals.map((a) => a.by)).toEqual(['alice']);
    // generate.target python-fastapi: the generate stage put the FastAPI package on the spec branch.
    const branchFiles = git(root, 'ls-tree', '-r', '--name-only', `auto/spec-implementation/${sha}`).split('\n');
    expect(branchFiles).toEqual(expect.arrayContaining(['generated/router.py', 'generated/order_pricing/port.py', 'services/order_pricing_service.py']));

    // The SBOM lists the Python runtime dependencies (not the test tools) with pypi purls.
    const sbom = readJson(path.join(runDir, 'sbom.cyclonedx.json')) as { metadata: { component: { purl: string } }; components: { purl: string }[] };
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(sbom))).toBeNull();
    const purls = sbom.components.map((c) => c.purl);
    expect(purls).toEqual(expect.arrayContaining(['pkg:pypi/fastapi@0.92.0', 'pkg:pypi/uvicorn@0.17.6', 'pkg:pypi/typing-extensions@4.4.0']));
    expect(purls).not.toContain('pkg:pypi/pytest@7.2.1');
    expect(sbom.metadata.component.purl).toBe('pkg:pypi/python-service@1.0.0');

    // Bandit scanned every Python file of the service.
    const sarif = readJson(path.join(runDir, 'sast.sarif')) as { runs: { tool: { driver: { name: string } }; artifacts?: { location: { uri: string } }[] }[] };
    const bandit = sarif.runs.find((r) => r.tool.driver.name === 'bandit');
    expect(bandit?.artifacts?.map((a) => a.location.uri)).toEqual(['app/__init__.py', 'app/main.py', 'app/pricing.py']);

    // Scenarios ran against the service specgate started from this run's checkout, and all passed.
    const coverage = readJson(path.join(runDir, 'spec-coverage.json')) as { totals: { total: number; passed: number }; code: { format: string; met: boolean } };
    expect(coverage.totals).toMatchObject({ total: 4, passed: 4 });
    expect(coverage.code).toMatchObject({ format: 'lcov', met: true });

    const deploy = readJson(path.join(runDir, 'deploy-report.json')) as { success: boolean; stagingUrl: string };
    expect(deploy.success).toBe(true);
    const health = await fetch(`${deploy.stagingUrl}/healthz`);
    expect(health.status).toBe(200);

    const verify = await runCli(['verify', runDir], { cwd: root });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const audit = await runCli(['audit', 'verify'], { cwd: root });
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  }, 600_000);
});
