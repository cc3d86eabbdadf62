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

/**
 * A code unit at or above U+D800: a surrogate (a character beyond the BMP) or a BMP character that a
 * surrogate pair would sort after in UTF-16 but before in UTF-8. Below it, JavaScript's string
 * order (UTF-16 code units) is the UTF-8 byte order.
 */
const UTF16_ORDER_DIFFERS = /[\uD800-\uFFFF]/;

const byCodeUnits = (a: { readonly path: string }, b: { readonly path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Sorts by path bytewise (LC_ALL=C), as the shell recipe does. */
export function sortByPathBytes<T extends { readonly path: string }>(files: readonly T[]): T[] {
  if (!files.some((file) => UTF16_ORDER_DIFFERS.test(file.path))) return [...files].sort(byCodeUnits);
  // Encode each path once, not once per comparison: spec sets run to thousands of files.
  return files
    .map((file) => ({ file, key: Buffer.from(file.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map((entry) => entry.file);
}

/** The `sha256sum` output for the spec set: one `<hex>  <path>\n` line per file, sorted by path. */
export function specManifest(files: readonly SpecFileDigest[]): string {
  return manifestOfSorted(sortByPathBytes(files));
}

function manifestOfSorted(sorted: readonly SpecFileDigest[]): string {
  let manifest = '';
  for (const f of sorted) manifest += `${f.sha256}  ${f.path}\n`;
  return manifest;
}

export function featureSha(files: readonly SpecFileDigest[]): string {
  return featureShaOfSorted(sortByPathBytes(files));
}

/** featureSha of digests already in sortByPathBytes order (no second sort). */
export function featureShaOfSorted(sorted: readonly SpecFileDigest[]): string {
  return sha256Hex(manifestOfSorted(sorted)).slice(0, 12);
}

export function specBranchName(sha: string): string {
  return `auto/spec-implementation/${sha}`;
}
