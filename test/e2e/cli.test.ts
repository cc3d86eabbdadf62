// The CLI shell: version, help that teaches, usage errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

const COMMANDS = [
  'validate', 'id', 'init', 'run', 'branch', 'approve', 'generate', 'sbom', 'keys', 'sign', 'verify',
  'deploy', 'rollback', 'status', 'stop', 'image', 'runs', 'audit', 'archive', 'report', 'serve', 'ci', 'push', 'pull', 'store',
];

describe('specgate CLI', () => {
  it('--version prints the package version (fast path and full parser agree)', async () => {
    const fast = await runCli(['--version'], { cwd: REPO_ROOT });
    expect(fast.code).toBe(0);
    expect(fast.stdout.trim()).toBe(pkg.version);
    const full = await runCli(['-C', '.', '--version'], { cwd: REPO_ROOT });
    expect(full.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists every command and the exit codes', async () => {
    const help = await runCli(['--help'], { cwd: REPO_ROOT });
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('130 interrupted');
  });

  it('--help from the pre-rendered fast path equals the full parser\'s help byte for byte', async () => {
    const fast = await runCli(['--help'], { cwd: REPO_ROOT });
    const full = await runCli(['-C', '.', '--help'], { cwd: REPO_ROOT });
    expect(full.code).toBe(0);
    expect(fast.stdout).toBe(full.stdout);
    expect((await runCli(['-h'], { cwd: REPO_ROOT })).stdout).toBe(full.stdout);
  });

  it.each(COMMANDS)('%s --help teaches with examples', async (command) => {
    const help = await runCli([command, '--help'], { cwd: REPO_ROOT });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples?:\n\s+\$ specgate /);
  });

  it('an unknown command or flag is bad usage (exit 2) with a pointer to --help', async () => {
    const cwd = tempDir();
    const command = await runCli(['deplyo'], { cwd });
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean deploy?)');
    const flag = await runCli(['validate', '--frobnicate'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--frobnicate'");
    expect(flag.stderr).toContain('specgate <command> --help');
  });
});
