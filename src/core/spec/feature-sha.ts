// The feature SHA of docs/contracts.md §2: the first 12 hex chars of SHA-256 over the sha256sum-format
// manifest of the spec set. Anyone can reproduce it with
// `find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`.
import { sha256Hex } from '../data.js';

// Re-exported for the spec domain's callers; the definition lives in src/core/data.ts.

export interface SpecFileDigest {
  /** POSIX path relative to the project root. */
  readonly path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** Sorts by path bytewise (LC_ALL=C), as the shell recipe does. */
export function sortByPathBytes<T extends { readonly path: string }>(files: readonly T[]): T[] {
  // Encode each path once, not once per comparison: spec sets run to thousands of files.
  return files
    .map((file) => ({ file, key: Buffer.from(file.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map((entry) => entry.file);
}

/** The `sha256sum` output for the spec set: one `<hex>  <path>\n` line per file, sorted by path. */
export function specManifest(files: readonly SpecFileDigest[]): string {
  return sortByPathBytes(files)
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

export function featureSha(files: readonly SpecFileDigest[]): string {
  return sha256Hex(specManifest(files)).slice(0, 12);
}

export function specBranchName(sha: string): string {
  return `auto/spec-implementation/${sha}`;
}
