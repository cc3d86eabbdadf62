// `specgate id` end to end: the feature SHA must equal the docs/contracts.md §2 shell recipe byte for byte.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const RECIPE = "find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12";
const recipe = (cwd: string): string => execFileSync('/bin/sh', ['-c', RECIPE], { cwd, encoding: 'utf8' });

function project(): string {
  const root = tempDir('specgate-id-');
  // Upper before lower case, non-ASCII after ASCII, nested folders: bytewise order matters here.
  writeTree(root, {
    'features/a.feature': 'Feature: a\n',
    'features/B.feature': 'Feature: B\n',
    'features/ä.feature': 'Feature: ä\n',
    'features/z/x.feature': 'Feature: x\r\n',
    'features/a-b.feature': '',
    'features/a/b.feature': 'not even gherkin \u0000',
    'features/ignored.txt': 'not a spec',
  });
  return root;
}

describe('specgate id', () => {
  it('prints the same 12 hex chars as the shell recipe', async () => {
    const root = project();
    const r = await runCli(['id'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect(r.stdout).toBe(recipe(root));
  });

  it('changes when any byte of any spec changes, and follows the recipe again', async () => {
    const root = project();
    const before = (await runCli(['id'], { cwd: root })).stdout;
    writeTree(root, { 'features/z/x.feature': 'Feature: x\n' });
    const after = (await runCli(['id'], { cwd: root })).stdout;
    expect(after).not.toBe(before);
    expect(after).toBe(recipe(root));
  });

  it('--json adds each digest (as sha256sum prints them) and the branch name', async () => {
    const root = project();
    const r = await runCli(['id', '--json'], { cwd: root });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const sha = recipe(root).trim();
    expect(doc.featureSha).toBe(sha);
    expect(doc.branch).toBe(`auto/spec-implementation/${sha}`);
    const manifest = execFileSync('/bin/sh', ['-c', "find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum"], { cwd: root, encoding: 'utf8' });
    expect(doc.files.map((f: { sha256: string; path: string }) => `${f.sha256}  ${f.path}\n`).join('')).toBe(manifest);
  });

  it('the fast path (no commander) and the full CLI print the same output and exit codes', async () => {
    const root = project();
    for (const args of [['id'], ['id', '--json'], ['id', 'features/z'], ['id', 'missing']]) {
      const fast = await runCli(args, { cwd: root });
      const full = await runCli(['-C', '.', ...args], { cwd: root });
      expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
    }
    expect((await runCli(['id', 'missing'], { cwd: root })).code).toBe(2);
  });

  it('exit 2 when there are no feature files', async () => {
    const root = tempDir('specgate-id-');
    writeTree(root, { 'features/.keep': '' });
    const r = await runCli(['id'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no \.feature files found/);
  });
});
