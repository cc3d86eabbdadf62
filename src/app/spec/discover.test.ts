// Discovery and reading of the spec set on a real disk: the awkward cases of the issue (symlink
// loops, dangling links, a directory named *.feature, huge and empty files, thousands of files).
// Tests run as root, so chmod 000 would not make a file unreadable; the unreadable cases here are
// real for root too: a directory named x.feature, a dangling symlink and a self-referencing symlink.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { InterruptedError } from '../../core/errors.js';
import { SpecError } from '../../core/spec/errors.js';
import type { FileSystem } from '../../core/ports.js';
import { READ_CONCURRENCY } from './discover.js';
import { identifySpecs } from './identify.js';
import { validateSpecs } from './validate.js';

const nodeFs = new NodeFileSystem();
const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const spec = (name: string): string => `${R}\nFeature: ${name}\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;

/** The docs/contracts.md §2 recipe, run by the real shell in `root`. */
function shellSha(root: string, dir = 'features'): string {
  return execFileSync('/bin/sh', ['-c', `find ${dir} -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`], { cwd: root, encoding: 'utf8' }).trim();
}

/** NodeFileSystem without its blocking fast path, counting reads in flight: the async path's bound, observed. */
function countingAsyncFs(): { fs: FileSystem; peak(): number } {
  let inFlight = 0;
  let peak = 0;
  const fs = Object.create(nodeFs, {
    readBoundedSync: { value: undefined },
    readBounded: {
      value: async (file: string, max: number) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await nodeFs.readBounded(file, max);
        } finally {
          inFlight -= 1;
        }
      },
    },
  }) as FileSystem;
  return { fs, peak: () => peak };
}

async function specError(promise: Promise<unknown>): Promise<SpecError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SpecError);
  return error as SpecError;
}

describe('spec discovery', () => {
  it('finds *.feature at any depth, skips other files, and matches the shell recipe', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a'), 'features/sub/deep/b.feature': spec('b'), 'features/.hidden/c.feature': spec('c'), 'features/notes.md': '# no' });
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' });
    expect(report.files.map((f) => f.path)).toEqual(['features/.hidden/c.feature', 'features/a.feature', 'features/sub/deep/b.feature']);
    expect(report.featureSha).toBe(shellSha(root));
  });

  it('does not follow a symlink loop (nor any symlinked folder), like find', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a') });
    fs.symlinkSync('..', path.join(root, 'features/loop'));
    fs.symlinkSync('.', path.join(root, 'features/self'));
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' });
    expect(report.files.map((f) => f.path)).toEqual(['features/a.feature']);
    expect(report.featureSha).toBe(shellSha(root));
  });

  it('reads a symlinked file by its link name, like find | xargs sha256sum', async () => {
    const root = tempDir();
    writeTree(root, { 'elsewhere/x.txt': spec('x'), 'features/a.feature': spec('a') });
    fs.symlinkSync('../elsewhere/x.txt', path.join(root, 'features/link.feature'));
    const id = await identifySpecs(nodeFs, root, ['features']);
    expect(id.files.map((f) => f.path)).toEqual(['features/a.feature', 'features/link.feature']);
    expect(id.featureSha).toBe(shellSha(root));
  });

  it('a directory named x.feature, a dangling symlink and a symlink loop are unreadable: one error naming all', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a'), 'features/dir.feature/inner.txt': 'x' });
    fs.symlinkSync('missing.feature', path.join(root, 'features/dangling.feature'));
    fs.symlinkSync('loop.feature', path.join(root, 'features/loop.feature'));
    const error = await specError(validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' }));
    expect(error.code).toBe('SPEC_UNREADABLE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('features/dangling.feature: it is a symlink to nothing (dangling)');
    expect(error.message).toContain('features/dir.feature: it is a directory, not a file');
    expect(error.message).toContain('features/loop.feature: it is a symlink loop');
    expect(error.hint).toMatch(/readable file/);
  });

  it('a name that is not UTF-8 is named as such, and names with control characters are listed escaped on one line', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a') });
    fs.writeFileSync(Buffer.from([...Buffer.from(`${root}/features/bad`), 0xff, ...Buffer.from('.feature')]), spec('b'));
    fs.symlinkSync('gone', path.join(root, 'features/x\n::error::forged.feature'));
    const error = await specError(validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' }));
    expect(error.message).toContain('features/bad\uFFFD.feature: its name is not valid UTF-8, so it cannot be opened by name; rename it');
    expect(error.message).toContain('features/x\\n::error::forged.feature: it is a symlink to nothing (dangling)');
    expect(error.message).not.toContain('\n::error');
  });

  it('no feature files is SPEC_NONE_FOUND; a missing path is SPEC_PATH_NOT_FOUND; outside the root is refused', async () => {
    const root = tempDir();
    writeTree(root, { 'features/readme.md': 'no specs', 'other/x.feature': spec('x') });
    expect((await specError(validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' }))).code).toBe('SPEC_NONE_FOUND');
    expect((await specError(validateSpecs({ fs: nodeFs, root, paths: ['nope'], mode: 'sandbox' }))).code).toBe('SPEC_PATH_NOT_FOUND');
    const inner = path.join(root, 'features');
    expect((await specError(validateSpecs({ fs: nodeFs, root: inner, paths: [path.join(root, 'other')], mode: 'sandbox' }))).code).toBe('SPEC_OUTSIDE_ROOT');
  });

  it('a symlink loop named on the command line is SPEC_UNREADABLE, not a crash', async () => {
    const root = tempDir();
    fs.symlinkSync('loop', path.join(root, 'loop'));
    const error = await specError(validateSpecs({ fs: nodeFs, root, paths: ['loop'], mode: 'sandbox' }));
    expect(error.code).toBe('SPEC_UNREADABLE');
    expect(error.message).toContain('symlink loop');
  });

  it('deduplicates overlapping paths', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a') });
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features', 'features/a.feature', path.join(root, 'features/a.feature')], mode: 'sandbox' });
    expect(report.files).toHaveLength(1);
  });

  it('stops with InterruptedError (exit 130) when the run is aborted', async () => {
    const root = tempDir();
    writeTree(root, { 'features/a.feature': spec('a') });
    const controller = new AbortController();
    controller.abort();
    const error: unknown = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox', signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
  });

  it('an empty file is NO_SCENARIOS, not a crash', async () => {
    const root = tempDir();
    writeTree(root, { 'features/empty.feature': '' });
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'sandbox' });
    expect(report.findings.map((f) => [f.line, f.code])).toEqual([[1, 'NO_SCENARIOS']]);
    expect(report.files[0]?.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('validates a 5 MB feature file', async () => {
    const root = tempDir();
    const scenario = (i: number): string => `  Scenario: s${i}\n    Given a\n    When b\n    Then c ${'x'.repeat(40)}\n`;
    let text = `${R}\nFeature: big\n`;
    let count = 0;
    while (text.length < 5 * 1024 * 1024) text += scenario((count += 1));
    writeTree(root, { 'features/big.feature': text });
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'compliance' });
    expect(report.status).toBe('pass');
    expect(report.summary.scenarios).toBe(count);
    expect(report.files[0]?.size).toBeGreaterThanOrEqual(5 * 1024 * 1024);
  });

  it('reads thousands of files with a bounded number open (async path at most READ_CONCURRENCY), and agrees with the shell recipe', async () => {
    // 2,000 files in 50 folders: far above the bound, and enough for every sort-order trap (d1 < d10 < d2,
    // f1 < f10 < f100). The bound is observed directly instead of by exhausting descriptors (ulimit -n
    // is usually far above any spec set), which is both stronger and a fifth of the cost of 10,000 files.
    const root = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 2_000; i += 1) files[`features/d${i % 50}/f${i}.feature`] = spec(`f${i}`);
    writeTree(root, files);
    const { report } = await validateSpecs({ fs: nodeFs, root, paths: ['features'], mode: 'compliance' });
    expect(report.summary).toMatchObject({ files: 2_000, scenarios: 2_000, errors: 0 });
    expect(report.featureSha).toBe(shellSha(root));

    const counting = countingAsyncFs();
    const id = await identifySpecs(counting.fs, root, ['features']);
    expect(id.files).toHaveLength(2_000);
    expect(id.featureSha).toBe(report.featureSha);
    expect(counting.peak()).toBeGreaterThan(1);
    expect(counting.peak()).toBeLessThanOrEqual(READ_CONCURRENCY);
  });
});
