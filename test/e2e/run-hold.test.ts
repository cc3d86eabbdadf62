// End-to-end: one run split over three "jobs" the way the exported CI workflow does it
// (--hold, then --resume), with the evidence folder carried between them as a copy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, PING_APP, makeProject } from '../helpers/project.js';

const env = { SPECGATE_INITIATOR: 'ci' };

function eventsOf(stdout: string): { type: string; runId?: string; status?: string; runDir?: string; stage?: string; resumed?: boolean }[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; runId?: string; status?: string; runDir?: string });
}

describe('specgate run --hold / --resume (CI jobs)', () => {
  it('continues one run across jobs and seals it only at the end', async () => {
    const root = makeProject({
      config: ['name: held', 'commands:', `  test: ${JSON.stringify(coverageCommand(80))}`, '  build: "mkdir -p dist && echo ok > dist/app.txt"', 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n'),
      files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP },
    });
    const job1 = await runCli(['run', '--stages', 'preflight,validate', '--hold', '--json'], { cwd: root, env });
    expect(job1.code, job1.stderr).toBe(0);
    const started = eventsOf(job1.stdout).find((e) => e.type === 'run.started')!;
    const end1 = eventsOf(job1.stdout).find((e) => e.type === 'run.finished')!;
    expect(end1.status).toBe('paused');
    const runDir = end1.runDir!;
    const manifest1 = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { status: string; endedAt: string | null; stages: { name: string }[] };
    expect(manifest1).toMatchObject({ status: 'paused', endedAt: null });
    expect(manifest1.stages.map((s) => s.name)).toEqual(['preflight', 'validate']);
    // Not finished: no latest, no run end in the ledger.
    expect(fs.existsSync(path.join(path.dirname(runDir), 'latest'))).toBe(false);

    // A paused run is not "interrupted" when another process looks at it.
    const other = await runCli(['runs', '--json'], { cwd: root, env });
    expect(other.stdout).toContain('"paused"');

    const job2 = await runCli(['run', '--resume', started.runId!, '--stages', 'generate,build', '--hold', '--json'], { cwd: root, env });
    expect(job2.code, job2.stderr).toBe(0);
    expect(eventsOf(job2.stdout).find((e) => e.type === 'run.finished')?.status).toBe('paused');
    // --resume shows where the run stands: the stages earlier jobs finished come first, marked resumed.
    const replayed = eventsOf(job2.stdout).filter((e) => e.type === 'stage.finished' && e.resumed === true).map((e) => e.stage);
    expect(replayed).toEqual(['preflight', 'validate']);

    const job3 = await runCli(['run', '--resume', started.runId!, '--stages', 'deploy,audit'], { cwd: root, env });
    expect(job3.code, job3.stdout + job3.stderr).toBe(0);
    // The line renderer (CI logs) prints the recorded stages before the ones this job runs.
    expect(job3.stdout).toMatch(/■ preflight success \([\d.]+s\) .*\[recorded before this --resume\]\n[\s\S]*■ build \w+[^\n]*\[recorded before this --resume\]\n[\s\S]*▶ deploy started/);
    const end3 = { runDir: /evidence in (\S+)/.exec(job3.stdout)?.[1] };
    expect(end3.runDir).toBe(runDir);
    const manifest3 = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { status: string; endedAt: string | null; stages: { name: string; status: string }[] };
    expect(manifest3.stages.map((s) => s.name)).toEqual(['preflight', 'validate', 'generate', 'build', 'deploy', 'audit']);
    expect(manifest3.endedAt).not.toBeNull();
    expect(fs.readlinkSync(path.join(path.dirname(runDir), 'latest'))).toBe(started.runId);
    // One run, one chain: each stage started once, the run started and ended once.
    const lines = fs.readFileSync(path.join(root, 'reports/audit/checkpoints.log'), 'utf8').trim().split('\n').filter((l) => l.includes(` | ${started.runId} | `));
    expect(lines.filter((l) => / \| run \| started \| /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / \| run \| (success|warning|failure) \| /.test(l))).toHaveLength(1);
    for (const stage of ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit']) {
      expect(lines.filter((l) => l.includes(` | ${stage} | started | `))).toHaveLength(1);
    }
    expect((await runCli(['audit', 'verify'], { cwd: root })).code).toBe(0);
    // JUnit covers all six stages, not just the last job's.
    expect(fs.readFileSync(path.join(runDir, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(6);

    // A failure in a held job ends the run there (exit 1) instead of leaving it open.
    fs.writeFileSync(path.join(root, 'specgate.yaml'), fs.readFileSync(path.join(root, 'specgate.yaml'), 'utf8').replace('mkdir -p dist', 'exit 4; mkdir -p dist'));
    const failing = await runCli(['run', '--stages', 'preflight,validate,generate,build', '--hold', '--json'], { cwd: root, env });
    expect(failing.code).toBe(1);
    expect(eventsOf(failing.stdout).find((e) => e.type === 'run.finished')?.status).toBe('failure');

    // A finished run cannot be resumed.
    const again = await runCli(['run', '--resume', started.runId!], { cwd: root, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('NOT_RESUMABLE');
  });
});
