// Hostile spec trees (issue #13 items 1, 2): a .feature symlinked outside the project, to
// /dev/zero, a FIFO, an oversized file. Each is refused unread with a clear exit-2 error naming
// the file, and no byte of the outside file appears in any output or written file.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import { allBytesUnder } from './helpers.js';

const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const GOOD = `${R}\nFeature: ok\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;
const SECRET_LINE = 'runner-secret:x:0:0:TOPSECRET-4f1d9c:/root:/bin/bash';

function threadParkedOnFifo(pid: number | undefined): boolean {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).some((t) => fs.readFileSync(`/proc/${pid}/task/${t}/wchan`, 'utf8').includes('wait_for_partner'));
  } catch {
    return false;
  }
}

function project(): { root: string; outside: string } {
  const base = tempDir('specgate-hostile-');
  const root = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  writeTree(root, { 'specgate.yaml': 'mode: sandbox\n', 'features/ok.feature': GOOD });
  writeTree(outside, { 'passwd': `${SECRET_LINE}\nsecond:line:TOPSECRET-4f1d9c\n` });
  return { root, outside };
}

describe('spec discovery reads only regular files inside the project', () => {
  it('a .feature symlink to a file outside the project is refused unread; its content is in no output or file', async () => {
    const { root, outside } = project();
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(root, 'features/leak.feature'));
    for (const args of [['validate'], ['validate', '--json'], ['id'], ['run', '--mode', 'sandbox']]) {
      const r = await runCli(args, { cwd: root });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/features\/leak\.feature: it is a symlink to a file outside the project; not read/);
      expect(r.stdout + r.stderr).not.toContain('TOPSECRET');
    }
    for (const [file, bytes] of allBytesUnder(root)) expect(bytes.includes('TOPSECRET'), file).toBe(false);
  });

  it('a symlink inside the project is still read by its link name', async () => {
    const { root } = project();
    writeTree(root, { 'common/x.txt': GOOD });
    fs.symlinkSync('../common/x.txt', path.join(root, 'features/linked.feature'));
    const r = await runCli(['validate', '--json'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toContain('features/linked.feature');
  });

  it('a spec folder symlinked outside the project (config or command line) is SPEC_OUTSIDE_ROOT', async () => {
    const { root, outside } = project();
    fs.renameSync(path.join(outside, 'passwd'), path.join(outside, 'x.feature'));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    const r = await runCli(['validate', 'elsewhere'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/elsewhere: error SPEC_OUTSIDE_ROOT/);
    expect(r.stdout + r.stderr).not.toContain('TOPSECRET');
  });

  it('a .feature symlink to /dev/zero and an oversized file are refused without reading them whole', async () => {
    const { root } = project();
    fs.symlinkSync('/dev/zero', path.join(root, 'features/zero.feature'));
    // Sparse: 64 MiB on paper, no disk used; over the 8 MiB cap.
    fs.truncateSync(path.join(root, 'features/ok.feature'), 0);
    fs.writeFileSync(path.join(root, 'features/ok.feature'), GOOD);
    const big = path.join(root, 'features/huge.feature');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 64 * 1024 * 1024);
    // A memory cap the old unbounded read would blow through at once.
    const r = await runCli(['validate'], { cwd: root, env: { NODE_OPTIONS: '--max-old-space-size=96' }, timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/features\/zero\.feature: it is a symlink to a file outside the project; not read/);
    expect(r.stderr).toMatch(/features\/huge\.feature: it is larger than the 8 MiB size cap; not read/);
  });

  it('a FIFO named .feature does not hang: clear error, exit 2', async () => {
    const { root } = project();
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(root, 'features/pipe.feature')]);
    const r = await runCli(['validate'], { cwd: root, timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/features\/pipe\.feature: it is a FIFO \(named pipe\), not a regular file; not read/);
  });

  it('GHERKIN_SYNTAX findings quote at most the first word of the rejected line', async () => {
    const { root } = project();
    writeTree(root, { 'features/bad.feature': `${SECRET_LINE} and more words\nFeature: x\n` });
    const r = await runCli(['validate', '--json'], { cwd: root });
    const text = r.stdout + r.stderr + fs.readFileSync(path.join(root, 'features/ok.feature'), 'utf8');
    expect(r.stdout).toMatch(/got 'runner-secret:x:0:0:TOPS…'/);
    expect(text).not.toContain('TOPSECRET-4f1d9c');
    expect(text).not.toContain('and more words');
  });

  it('a second SIGTERM really ends the process, even with a libuv thread stuck opening a FIFO', async () => {
    const { root } = project();
    const { execFileSync } = await import('node:child_process');
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // `verify --key FILE` reads the key with a plain blocking open: a worker thread parks on the FIFO.
    const child = spawn(process.execPath, [BIN, 'verify', 'specgate.yaml', '--key', fifo], {
      cwd: root,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const poll = (): Promise<unknown> => Promise.race([exited, new Promise((r) => setTimeout(r, 200))]);
    const deadline = Date.now() + 20_000;
    // Signal only once a thread is parked in the FIFO open (Linux: wchan wait_for_partner), so the
    // first SIGTERM reaches specgate's handler rather than Node's default action during start-up.
    while (!threadParkedOnFifo(child.pid) && Date.now() < deadline) await poll();
    child.kill('SIGTERM');
    while (!stderr.includes('received, stopping') && Date.now() < deadline) await poll();
    child.kill('SIGTERM');
    let ended: unknown;
    while (ended === undefined && Date.now() < deadline) ended = await poll();
    if (ended === undefined) child.kill('SIGKILL');
    expect(stderr).toContain('SIGTERM again, exiting now');
    expect(ended, stderr).toBe('SIGTERM');
  });
});
