// A full or failing disk is the machine's state, not a bug in specgate: ENOSPC, EDQUOT, EROFS and EIO
// become a StorageError (exit 1) that names the file and says what to free, instead of "internal
// error" with a stack. The pipeline closes the run as `interrupted` before reporting it.
import { ExitCode, errorDomain } from './errors.js';

export type StorageErrorCode = 'DISK_FULL' | 'DISK_QUOTA' | 'DISK_READ_ONLY' | 'DISK_IO';

export class StorageError extends errorDomain<StorageErrorCode>('storage', ExitCode.failed) {}

const FREE = 'remove old runs (`specgate archive`, or a lower `retention.keep`), old releases and images under .specgate/, or build output';

const BY_ERRNO: Readonly<Record<string, { code: StorageErrorCode; what: string; hint: (dir: string) => string }>> = {
  ENOSPC: { code: 'DISK_FULL', what: 'no space left on the device', hint: (dir) => `free space on the filesystem holding ${dir} (\`df -h ${dir}\`): ${FREE}; then run again` },
  EDQUOT: { code: 'DISK_QUOTA', what: 'disk quota exceeded', hint: (dir) => `free space within your quota on the filesystem holding ${dir}: ${FREE}; then run again` },
  EROFS: { code: 'DISK_READ_ONLY', what: 'the filesystem is read-only', hint: (dir) => `make ${dir} writable (a read-only mount or checkout), or point \`reports:\` at a writable folder inside the project` },
  EIO: { code: 'DISK_IO', what: 'input/output error from the disk', hint: (dir) => `the device holding ${dir} reported a hardware or filesystem error: check it (\`dmesg\`, \`fsck\`) before running again` },
};

interface Errno {
  readonly code?: unknown;
  readonly path?: unknown;
  readonly cause?: unknown;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : file.slice(0, i);
}

/**
 * The StorageError for an errno failure anywhere in `error`'s cause chain (a raw fs error, or one
 * wrapped by a caller), or undefined for anything else. `file` names the file when the error does not.
 */
export function storageErrorOf(error: unknown, file?: string): StorageError | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    if (e instanceof StorageError) return e;
    const errno = e as Errno;
    const known = typeof errno.code === 'string' ? BY_ERRNO[errno.code] : undefined;
    if (known !== undefined) {
      const where = typeof errno.path === 'string' ? errno.path : file;
      const message = where === undefined ? `${known.what} (${String(errno.code)})` : `cannot write ${where}: ${known.what} (${String(errno.code)})`;
      return new StorageError(known.code, message, { ...(where === undefined ? {} : { path: where }), hint: known.hint(where === undefined ? '.' : dirOf(where)), cause: error });
    }
    e = errno.cause;
  }
  return undefined;
}
