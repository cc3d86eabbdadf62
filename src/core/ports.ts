// The ports through which the core reaches the outside world (docs/ARCHITECTURE.md). Each is a small role
// interface; adapters in src/adapters implement them for Node, tests may inject fakes.
// Domain-specific ports (Git, Signer, DeployTarget, HealthProbe, Ledger, RunFolders) live beside their domain
// and are re-exported here so there is one place to read them all.

/** Reads the time. Injected so ids, timestamps and durations are deterministic in tests. */
export interface Clock {
  /** Wall-clock time (UTC). */
  now(): Date;
  /** Monotonic milliseconds for measuring durations; unrelated to wall time. */
  monotonicMs(): number;
}

/** Metadata about a path, without following the last symlink when `lstat` is asked for. */
export interface FileInfo {
  readonly kind: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Outcome of a bounded read of an untrusted path: the bytes of a regular file, or why it was not
 * read. Nothing but a regular file is ever read, and never more than the cap.
 */
export type BoundedRead =
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  /** The last path component is a symlink: resolve and confine it before reading its target. */
  | { readonly kind: 'symlink' }
  /** A FIFO, socket or device (opened without blocking, closed unread) or a directory. */
  | { readonly kind: 'not-regular'; readonly what: 'directory' | 'fifo' | 'socket' | 'device' | 'other' }
  | { readonly kind: 'too-large'; readonly size: number };

/** File access. Every write is atomic: a reader never sees half a file. */
export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  /**
   * Reads `path` only if it is a regular file of at most `maxBytes`, without following a final
   * symlink and without blocking on a FIFO or device (for files an attacker may have committed).
   */
  readBounded(path: string, maxBytes: number): Promise<BoundedRead>;
  /**
   * Optional blocking `readBounded` for hot loops over thousands of small files (spec sets): one
   * open/fstat/read/close in the calling thread instead of four thread-pool round trips.
   */
  readBoundedSync?(path: string, maxBytes: number): BoundedRead;
  /** Temp file in the same directory, fsync, rename, fsync the directory. */
  writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
  /** `undefined` when the path does not exist. */
  stat(path: string): Promise<FileInfo | undefined>;
  lstat(path: string): Promise<FileInfo | undefined>;
  readdir(path: string): Promise<string[]>;
  mkdirp(path: string): Promise<void>;
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readlink(path: string): Promise<string>;
  /** Points `path` at `target` by creating a temp link and renaming it over `path`. */
  symlinkAtomic(target: string, path: string): Promise<void>;
  realpath(path: string): Promise<string>;
}

export interface ProcessSpec {
  readonly command: string;
  readonly args?: readonly string[];
  /** Run through `/bin/sh -c` instead of exec'ing `command` directly. */
  readonly shell?: boolean;
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the whole process group after this long. */
  readonly timeoutMs?: number;
  /** Receives every chunk of stdout and stderr, in order, as it arrives. */
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  readonly signal?: AbortSignal;
  readonly input?: string;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly aborted: boolean;
}

/** Runs child processes in their own process group so a timeout or abort can kill all of them. */
export interface ProcessRunner {
  run(spec: ProcessSpec): Promise<ProcessResult>;
}

/** A log file written while a child process runs (the caller redacts what it writes). */
export interface LogFile {
  /** Queues text; a write error (a full disk) is kept for `end`, never thrown here. */
  write(text: string): void;
  /** Writes `last`, closes the file and resolves to the first write error, or undefined. */
  end(last: string): Promise<unknown>;
}

/** Creates (or truncates) a log file, its folder included, readable by the run's reviewers (0644). */
export type OpenLogFile = (path: string) => Promise<LogFile>;

export type { Git } from './branch/ports.js';
export type { Signer } from './security/ports.js';
export type { DeployTarget, HealthProbe } from './deploy/ports.js';
export type { EvidencePorts, Ledger, Locks, RunFolders, RunOwners } from './evidence/ports.js';
