// `npm pack` yields a tarball that installs into an empty project and runs there: the way a team
// pins specgate (README, "Use specgate in your project") and the way the CI export installs it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' } });

describe('npm pack', () => {
  it('packs a tarball that installs in an empty project, where init, validate and sbom work', () => {
    const out = tempDir('specgate-pack-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], REPO_ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/specgate', 'dist/cli/main.js', 'dist/index.js', 'schemas/specgate-config.schema.json']));
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('reports/'))).toBe(false);

    const project = path.join(tempDir('specgate-consumer-'), 'orders');
    fs.mkdirSync(project);
    run('npm', ['init', '-y'], project);
    // The dependencies come from npm's cache when this machine installed specgate before.
    run('npm', ['install', '--prefer-offline', '--no-save', path.join(out, packed[0]!.filename)], project);
    const bin = path.join(project, 'node_modules/.bin/specgate');
    expect(run(bin, ['--version'], project).trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(bin, ['init'], project)).toContain('specgate.yaml');
    expect(run(bin, ['validate'], project)).toMatch(/no findings|0 error/i);
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'fastapi==0.92.0\n');
    expect(run(bin, ['sbom'], project)).toContain('pkg:pypi/fastapi@0.92.0');
  }, 300_000);
});
