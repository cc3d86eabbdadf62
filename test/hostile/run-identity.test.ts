// A whole run folder copied over another run's id (issue #13 item 5): `verify` binds the manifest's
// run id and feature SHA to the folder's names, so the copy fails while the genuine run verifies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

async function sandboxRun(root: string): Promise<void> {
  const run = await runCli(['run', '--mode', 'sandbox', '--json'], { cwd: root, timeoutMs: 120_000 });
  expect([0, 1], run.stderr).toContain(run.code);
}

describe('a run folder copied over another run id', () => {
  it('fails verify naming both ids; the genuine run and an out-of-layout copy verify', async () => {
    const root = makeProject({ config: 'name: demo\nsast: {enabled: false}\n' });
    await sandboxRun(root);
    await sandboxRun(root);
    const reports = path.join(root, 'reports');
    const sha = fs.readdirSync(reports).find((n) => /^[0-9a-f]{12}$/.test(n)) as string;
    const [a, b] = fs.readdirSync(path.join(reports, sha)).filter((n) => /^\d{14}/.test(n)).sort() as [string, string];
    expect(b).toBeDefined();
    const runA = path.join(reports, sha, a);

    const genuine = await runCli(['verify', runA], { cwd: root });
    expect(genuine.code, genuine.stderr).toBe(0);
    expect(genuine.stdout).toContain(`identity: matched (run ${a} of feature ${sha}`);

    // Pulled out of the layout the run still verifies, but says its identity was not checked.
    const elsewhere = path.join(tempDir('specgate-identity-'), 'x');
    fs.cpSync(runA, elsewhere, { recursive: true, verbatimSymlinks: true });
    const pulled = await runCli(['verify', elsewhere], { cwd: root });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toMatch(/warning: .*not in the evidence layout.*not checked against the path/);

    fs.rmSync(runA, { recursive: true });
    fs.cpSync(path.join(reports, sha, b), runA, { recursive: true, verbatimSymlinks: true });
    const copied = await runCli(['verify', runA], { cwd: root });
    expect(copied.code).toBe(1);
    expect(copied.stderr).toContain('error RUN_IDENTITY_MISMATCH');
    expect(copied.stderr).toContain(`runId "${b}" but the folder names "${a}"`);
    const json = await runCli(['verify', runA, '--json'], { cwd: root });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, identity: { state: 'mismatch' } });
  });
});
