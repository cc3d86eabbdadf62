import { describe, expect, it } from 'vitest';
import { ExitCode, formatError } from './errors.js';
import { StorageError, storageErrorOf } from './storage-errors.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: failed, write '${path ?? ''}'`), { code, ...(path === undefined ? {} : { path }) });

describe('storageErrorOf', () => {
  it('turns ENOSPC, EDQUOT, EROFS and EIO into exit-1 errors naming the file and what to do', () => {
    const full = storageErrorOf(errno('ENOSPC', '/ci/p/reports/abc/1/manifest.json'));
    expect(full).toBeInstanceOf(StorageError);
    expect(full?.exitCode).toBe(ExitCode.failed);
    expect(formatError(full)).toBe(
      '/ci/p/reports/abc/1/manifest.json: error DISK_FULL: cannot write /ci/p/reports/abc/1/manifest.json: no space left on the device (ENOSPC)\n' +
        '  hint: free space on the filesystem holding /ci/p/reports/abc/1 (`df -h /ci/p/reports/abc/1`): remove old runs (`specgate archive`, or a lower `retention.keep`), old releases and images under .specgate/, or build output; then run again',
    );
    expect(storageErrorOf(errno('EDQUOT', '/x/y'))?.code).toBe('DISK_QUOTA');
    expect(storageErrorOf(errno('EROFS', '/x/y'))?.code).toBe('DISK_READ_ONLY');
    expect(storageErrorOf(errno('EIO'), 'reports/a/logs/lint.log')?.message).toBe('cannot write reports/a/logs/lint.log: input/output error from the disk (EIO)');
  });

  it('finds the errno in a cause chain, and leaves every other error alone', () => {
    expect(storageErrorOf(new Error('wrapped', { cause: errno('ENOSPC', '/a/b') }))?.path).toBe('/a/b');
    expect(storageErrorOf(errno('ENOENT', '/a/b'))).toBeUndefined();
    expect(storageErrorOf(new Error('plain'))).toBeUndefined();
    expect(storageErrorOf('ENOSPC')).toBeUndefined();
    const already = new StorageError('DISK_IO', 'x');
    expect(storageErrorOf(already)).toBe(already);
  });
});
