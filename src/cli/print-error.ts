// How every entry (main.ts and the start-up fast path, fast.ts) reports an error that ended a
// command: one `specgate: …` line on stderr and the exit code the error carries.
import { exitCodeOf, formatError, isSpecgateError } from '../core/errors.js';
import { storageErrorOf } from '../core/storage-errors.js';

/** Prints `thrown` (a full or failing disk as such, never as a bug) and returns its exit code. */
export function printError(thrown: unknown, stderr: (text: string) => void): number {
  const error = storageErrorOf(thrown) ?? thrown;
  stderr(`specgate: ${formatError(error)}\n`);
  return isSpecgateError(error) ? error.exitCode : exitCodeOf(error);
}
