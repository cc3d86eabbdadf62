// What every non-npm SBOM source reader returns: packages already carrying their package URL, so
// the SBOM builder treats Python, Go and imported components alike. Readers are pure: the app
// reads the files (confined to the project) and hands them the text.

/** One hash of a package artifact, CycloneDX algorithm name and hex content. */
export interface SourceHash {
  readonly alg: 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5' | 'SHA-1';
  readonly content: string;
}

export interface SourcePackage {
  /** Package URL (purl spec), also the component's bom-ref. */
  readonly purl: string;
  /** Component name as CycloneDX shows it (the normalised package name, the Go module path). */
  readonly name: string;
  readonly version: string;
  /** Every artifact hash the lockfile records (wheels and sdist: one per file), sorted. */
  readonly hashes: readonly SourceHash[];
  /** Needed only for development (dev group, `develop` section, requirements-dev.txt). */
  readonly dev: boolean;
  /** Installed only with an extra. */
  readonly optional: boolean;
  /** The file (relative to the project root) the package was read from. */
  readonly source: string;
  readonly license?: string;
}

export interface SourceReading {
  readonly packages: readonly SourcePackage[];
  /** Entries left out (unpinned, local paths) — each names the file and line. */
  readonly warnings: readonly string[];
  /** Further files the source includes (`-r other.txt`), relative to the file's folder. */
  readonly includes?: readonly string[];
  /** The project itself when the source names it (go.mod's module, uv's editable root, pyproject). */
  readonly project?: { readonly name: string; readonly version: string; readonly purl: string };
}

/** The files a reader needs, by name relative to the project root; companions may be absent. */
export interface SourceInput {
  readonly file: string;
  readonly text: string;
  readonly companions: ReadonlyMap<string, string>;
}

/** One lockfile format (STYLE §5: adding a format is adding a file to the registry). */
export interface SbomSourceReader {
  readonly id: string;
  readonly ecosystem: 'pypi' | 'golang';
  /** True for a file name in the project root this reader reads. */
  matches(fileName: string): boolean;
  /** Companion files read with it when present (pyproject.toml beside poetry.lock, go.sum beside go.mod). */
  readonly companions: readonly string[];
  read(input: SourceInput): SourceReading;
}

/** Sorted, de-duplicated hashes. */
export function sortHashes(hashes: readonly SourceHash[]): SourceHash[] {
  const seen = new Map<string, SourceHash>();
  for (const h of hashes) seen.set(`${h.alg}:${h.content}`, h);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, h]) => h);
}

/** `sha256:<hex>` (pip, poetry, uv, Pipfile) → a SourceHash; other algorithms pip accepts too. */
export function pipHash(token: string): SourceHash | undefined {
  const match = /^(sha256|sha384|sha512|md5|sha1):([0-9a-fA-F]+)$/.exec(token.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const alg = ({ sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', md5: 'MD5', sha1: 'SHA-1' } as const)[match[1] as 'sha256'];
  return { alg, content: match[2].toLowerCase() };
}
