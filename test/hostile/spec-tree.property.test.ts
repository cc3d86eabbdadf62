// Property (issue #13): over random hostile project trees — valid and invalid specs, symlinks inside
// and outside the project (to a canary file holding a secret, /dev/zero, directories), FIFOs and
// 2 GiB sparse files named *.feature, odd names (spaces, newlines, unicode, bytes that are not UTF-8, leading dashes, 200+
// bytes) — the real `specgate validate` and `specgate id`, under a memory cap (ulimit -v and
// --max-old-space-size) and a time cap, exit 0/1/2 without a stack trace, name every hostile entry
// with its reason, never print or write the canary, and write nothing outside the project.
// Seeded: SPECGATE_TEST_SEED=<printed seed> replays a failure.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { printable } from '../../src/core/printable.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { testSeed } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';
import { buildTree, expectedReason, snapshot, treeArbitrary, type Tree } from './spec-tree.js';

const SEED = testSeed('hostile spec trees');
/** Well below the 2 GiB files: reading one whole fails; Node itself needs ~1 GiB of address space. */
const ADDRESS_SPACE_KB = 1_536_000;
const TIME_CAP_MS = 10_000;
const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;

interface Case {
  readonly tree: Tree;
  readonly base: string;
  readonly project: string;
  readonly secret: string;
}

function capped(args: string[], c: Case): Promise<CliResult> {
  const env = { NODE_OPTIONS: '--max-old-space-size=96', HOME: path.join(c.base, 'home'), TMPDIR: path.join(c.base, 'tmp') };
  return runCli(args, { cwd: c.project, env, timeoutMs: TIME_CAP_MS, virtualMemoryKb: ADDRESS_SPACE_KB });
}

/** Exit code, no crash, no stack, no secret: what holds for every command on every tree. */
function expectContract(name: string, r: CliResult, c: Case, expectedCode: number): void {
  const out = r.stdout + r.stderr;
  expect(r.signal, `${name} was killed (time cap ${TIME_CAP_MS} ms)\n${r.stderr}`).toBeNull();
  expect([0, 1, 2], `${name}: ${r.stderr}`).toContain(r.code);
  expect(r.code, `${name}: ${r.stderr}`).toBe(expectedCode);
  expect(STACK_FRAME.test(out), `${name} printed a stack trace:\n${r.stderr}`).toBe(false);
  expect(out, name).not.toMatch(/internal error|out of memory|heap limit/i);
  expect(out.includes(c.secret), `${name} printed the canary`).toBe(false);
}

/** Every entry named *.feature that cannot be read is named in the error, with why, on one line. */
function expectEveryHostileEntryNamed(name: string, r: CliResult, tree: Tree): void {
  for (const entry of tree.entries) {
    const reason = expectedReason(entry.kind);
    if (reason !== undefined) expect(r.stderr, `${name}: ${JSON.stringify(entry)}`).toContain(`${printable(entry.rel)}: ${reason}`);
  }
}

/** A name with a newline, CR or escape never reaches the output raw: it could forge a CI log line. */
function expectNoRawControlNames(name: string, r: CliResult, tree: Tree): void {
  // Judged here, not by printable(): the property must not trust the code it checks.
  for (const entry of tree.entries.filter((e) => /[\u0000-\u001f\u007f-\u009f]/.test(e.rel))) {
    expect((r.stdout + r.stderr).includes(entry.rel), `${name} printed ${JSON.stringify(entry.rel)} raw`).toBe(false);
  }
}

async function check(c: Case): Promise<void> {
  const { tree } = c;
  const outsideBefore = snapshot(c.base, [c.project]);
  const projectBefore = snapshot(c.project, []);
  // One process per command per tree, both at once (they only read; validate writes its report).
  const [validate, id] = await Promise.all([
    capped(['validate', '--mode', tree.mode, '--report', 'reports/spec-validation-report.json'], c),
    capped(['id'], c),
  ]);
  const hostile = tree.entries.some((e) => expectedReason(e.kind) !== undefined);
  const specs = tree.entries.some((e) => e.kind === 'valid' || e.kind === 'invalid' || e.kind === 'link-inside');
  const invalid = tree.entries.some((e) => e.kind === 'invalid');
  expectContract('validate', validate, c, hostile || !specs ? 2 : invalid && tree.mode === 'compliance' ? 1 : 0);
  expectContract('id', id, c, hostile || !specs ? 2 : 0);
  for (const [name, r] of [['validate', validate], ['id', id]] as const) {
    expectNoRawControlNames(name, r, tree);
    if (hostile) expectEveryHostileEntryNamed(name, r, tree);
  }
  if (!hostile && !specs) expect(validate.stderr + id.stderr).toMatch(/SPEC_NONE_FOUND/);
  if (!hostile && specs) {
    expect(id.stdout).toMatch(/^[0-9a-f]{12}$/m);
    for (const entry of tree.entries.filter((e) => e.kind === 'invalid')) expect(validate.stdout, `finding for ${JSON.stringify(entry.rel)}`).toContain(`${printable(entry.rel)}:`);
  }
  // Nothing outside the project was created, changed or removed (HOME and TMPDIR point inside base).
  expect(snapshot(c.base, [c.project])).toEqual(outsideBefore);
  // Inside: the tree is untouched; every byte written is new and free of the canary.
  const projectAfter = snapshot(c.project, []);
  for (const [rel, before] of Object.entries(projectBefore)) expect(projectAfter[rel], rel).toBe(before);
  for (const rel of Object.keys(projectAfter).filter((r) => !(r in projectBefore) && projectAfter[r]?.startsWith('file'))) {
    expect(fs.readFileSync(path.join(c.project, rel), 'latin1').includes(c.secret), `${rel} holds the canary`).toBe(false);
  }
}

it('random hostile spec trees: contract exit codes, every bad entry named, no canary read or written, nothing written outside', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(treeArbitrary, async (tree) => {
      run += 1;
      const base = tempDir('specgate-tree-');
      // Short: a finding may quote up to 24 characters of a rejected line, and that must still show it.
      const secret = `CNRY${SEED.toString(36)}q${run}`;
      try {
        const project = buildTree(base, tree, secret);
        await check({ tree, base, project, secret });
      } catch (error) {
        throw new Error(`tree ${JSON.stringify(tree)} in ${base} (replay: SPECGATE_TEST_SEED=${SEED}): ${(error as Error).message}`);
      } finally {
        // The 2 GiB files are sparse, but do not leave them for the end of the file.
        if (!process.env.KEEP_TMP) fs.rmSync(base, { recursive: true, force: true });
      }
    }),
    { numRuns: 8, seed: SEED, endOnFailure: true },
  );
});
