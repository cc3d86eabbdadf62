// The three kinds of failure (docs/ARCHITECTURE.md): findings are data, expected failures are typed
// errors with a stable code, bugs are InternalError. One top-level handler maps them to exit codes.
import { printable } from './printable.js';

/** Exit codes fixed by docs/contracts.md §8. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  blocked: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** The file the problem is in, relative to the project root where possible. */
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  /** What the user should do about it: every expected error tells them. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * Base of every expected failure. Each failure domain subclasses it with a closed union of codes,
 * so callers and tests match on `code`, never on message text.
 */
export abstract class SpecgateError<C extends string = string> extends Error {
  abstract readonly domain: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;

  constructor(
    readonly code: C,
    message: string,
    readonly exitCode: ExitCodeValue,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    if (details.path !== undefined) this.path = details.path;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.hint !== undefined) this.hint = details.hint;
  }

  /** Compiler-style location prefix: `path:line:column`. */
  get location(): string | undefined {
    if (this.path === undefined) return undefined;
    if (this.line === undefined) return this.path;
    return this.column === undefined ? `${this.path}:${this.line}` : `${this.path}:${this.line}:${this.column}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      domain: this.domain,
      code: this.code,
      message: this.message,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.line === undefined ? {} : { line: this.line }),
      ...(this.column === undefined ? {} : { column: this.column }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

/**
 * Declares a failure domain: `class KeyError extends errorDomain<KeyErrorCode>('key', ExitCode.usage) {}`.
 * Every domain error is built the same way (code, message, details) and gets its exit code from the
 * domain's rule (one exit code, or one per code), so no domain writes its own constructor.
 */
export function errorDomain<C extends string>(domain: string, exitCode: ExitCodeValue | ((code: C) => ExitCodeValue)) {
  return class DomainError extends SpecgateError<C> {
    readonly domain = domain;
    constructor(code: C, message: string, details: ErrorDetails = {}) {
      super(code, message, typeof exitCode === 'function' ? exitCode(code) : exitCode, details);
    }
  };
}

export type UsageErrorCode =
  | 'INVALID_ARGUMENT'
  | 'MISSING_ARGUMENT'
  | 'PATH_NOT_FOUND'
  | 'PATH_OUTSIDE_ROOT'
  | 'INPUT_INVALID'
  | 'IDENTITY_INVALID';

/** Bad command-line usage or bad input the user handed us: exit 2. */
export class UsageError extends errorDomain<UsageErrorCode>('usage', ExitCode.usage) {}

/** The run was interrupted by a signal: exit 130. */
export class InterruptedError extends SpecgateError<'INTERRUPTED'> {
  readonly domain = 'run';
  constructor(message = 'interrupted', details: ErrorDetails = {}) {
    super('INTERRUPTED', message, ExitCode.interrupted, details);
  }
}

/** A bug in specgate itself: never expected, always reported with its stack. */
export class InternalError extends Error {
  readonly code = 'INTERNAL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** Narrowing helper for catch blocks. */
export function isSpecgateError(error: unknown): error is SpecgateError {
  return error instanceof SpecgateError;
}

/** Maps any thrown value to the exit code docs/contracts.md §8 fixes. Bugs are failures (1). */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return isSpecgateError(error) ? error.exitCode : ExitCode.failed;
}

/** One-paragraph human rendering: `path:line: error CODE message` then `  hint: ...`. */
export function formatError(error: unknown): string {
  if (isSpecgateError(error)) {
    // A location is a path from the repository: one printable line (core/printable.ts).
    const where = error.location === undefined ? '' : `${printable(error.location)}: `;
    const hint = error.hint === undefined ? '' : `\n  hint: ${error.hint}`;
    return `${where}error ${error.code}: ${error.message}${hint}`;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error (a bug in specgate; please report it with this output):\n${message}`;
}
