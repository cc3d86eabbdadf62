import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import type { FileSystem } from '../../core/ports.js';
import { readIfFile } from './verify-files.js';
import { nodeFs } from './node-ports.test-helper.js';

/** The same disk without the blocking read: readIfFile's lstat + readFile path. */
const asyncOnly: FileSystem = Object.assign(Object.create(nodeFs) as FileSystem, { readBoundedSync: undefined });
/** A disk whose blocking read says every file is too large: readIfFile must still read it, never refuse it. */
const huge: FileSystem = Object.assign(Object.create(nodeFs) as FileSystem, { readBoundedSync: () => ({ kind: 'too-large', size: 1 << 30 }) });

describe('readIfFile (evidence is read without following links)', () => {
  const dir = tempDir('specgate-read-');
  writeFileSync(path.join(dir, 'a.json'), '{"a":1}\n');
  symlinkSync(path.join(dir, 'a.json'), path.join(dir, 'link.json'));
  mkdirSync(path.join(dir, 'folder'));
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);

  it.each([
    ['blocking read', nodeFs],
    ['thread-pool read', asyncOnly],
  ])('%s: bytes of a regular file; nothing for a symlink, folder, FIFO or missing path', async (_name, fs) => {
    expect(Buffer.from((await readIfFile(fs, path.join(dir, 'a.json'))) ?? []).toString()).toBe('{"a":1}\n');
    for (const other of ['link.json', 'folder', 'pipe', 'missing.json', 'a.json/below']) {
      expect(await readIfFile(fs, path.join(dir, other)), other).toBeUndefined();
    }
  });

  it('reads a file too large for the blocking read the slower way', async () => {
    expect(Buffer.from((await readIfFile(huge, path.join(dir, 'a.json'))) ?? []).toString()).toBe('{"a":1}\n');
    expect(await readIfFile(huge, path.join(dir, 'link.json'))).toBeUndefined();
  });
});
