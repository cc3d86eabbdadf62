// readBoundedSync's one-read shortcut must not change what is read: whole files, empty files,
// files at and past the cap, and procfs files whose fstat size (0) lies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import { readBoundedSync } from './bounded-read.js';

describe('readBoundedSync', () => {
  it('reads whole files of every size around the cap, and refuses past it', () => {
    const dir = tempDir();
    for (const size of [0, 1, 4095, 4096, 4097, 100_000]) {
      const file = path.join(dir, `f${size}`);
      const bytes = Buffer.alloc(size, 0x61 + (size % 26));
      fs.writeFileSync(file, bytes);
      expect(readBoundedSync(file, 100_000)).toEqual({ kind: 'file', bytes });
    }
    expect(readBoundedSync(path.join(dir, 'f100000'), 99_999)).toEqual({ kind: 'too-large', size: 100_000 });
  });

  it('reads a procfs file (fstat size 0) to its end, not to its claimed size', () => {
    const read = readBoundedSync('/proc/self/status', 1024 * 1024);
    expect(read.kind).toBe('file');
    const text = read.kind === 'file' ? Buffer.from(read.bytes).toString('utf8') : '';
    expect(text).toContain('Name:');
    expect(text).toContain('VmPeak'); // well past the first line
  });
});
