// A `latest` symlink pointing outside its feature folder (issue #13 item 13): `specgate runs`
// lists every run of every feature with a warning naming the link, instead of failing outright.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';

describe('a hostile latest symlink', () => {
  it('runs lists the other runs with a warning, and the feature with the bad link too', async () => {
    const root = makeProject({ config: 'name: demo\nsast: {enabled: false}\n' });
    const first = await runCli(['run', '--mode', 'sandbox', '--json'], { cwd: root, timeoutMs: 120_000 });
    expect([0, 1]).toContain(first.code);
    const reports = path.join(root, 'reports');
    const sha = fs.readdirSync(reports).find((n) => /^[0-9a-f]{12}$/.test(n)) as string;
    const runId = fs.readdirSync(path.join(reports, sha)).find((n) => /^\d{14}/.test(n)) as string;
    // A second feature folder whose only run is a copy, and a latest pointing at /etc.
    fs.cpSync(path.join(reports, sha), path.join(reports, 'fedcba987654'), { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(reports, sha, 'latest'));
    fs.symlinkSync('/etc', path.join(reports, sha, 'latest'));
    const listed = await runCli(['runs', '--json'], { cwd: root });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toMatch(/warning: .*latest.*points to '\/etc'.*listing its runs without a latest/);
    const runs = (JSON.parse(listed.stdout) as { runs: { featureSha: string; runId: string; isLatest: boolean }[] }).runs;
    expect(runs.filter((r) => r.runId === runId).map((r) => [r.featureSha, r.isLatest]).sort()).toEqual([
      [sha, false],
      ['fedcba987654', true],
    ]);
  });
});
