// What a project says it needs at run time, from the manifests specgate can read. An SBOM that
// lists none of these does not describe the service (a one-line package.json + lockfile beside a
// service with real dependencies): the SBOM gate must not pass on it. Pure: the caller reads files.

/** Runtime dependency names declared by one manifest file. */
export interface DeclaredDependencies {
  readonly manifest: string;
  readonly names: readonly string[];
}

type Reader = (text: string) => string[];

const packageJson: Reader = (text) => {
  try {
    const deps = (JSON.parse(text) as { dependencies?: unknown }).dependencies;
    return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
  } catch {
    return [];
  }
};

/** `requests>=2`, `fastapi[all]==0.92`; comments, options (`-r`, `--hash`) and URLs skipped. */
const requirementsTxt: Reader = (text) =>
  text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('-') && !l.includes('://'))
    .map((l) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(l)?.[0] ?? '')
    .filter((n) => n !== '');

/** `[project] dependencies = ["fastapi>=0.9", ...]` (PEP 621); the list may span lines. */
const pyprojectToml: Reader = (text) => {
  const project = /^\[project\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const list = /^dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(project)?.[1] ?? '';
  return [...list.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)/g)].map((m) => m[1] ?? '').filter((n) => n !== '');
};

/** `require example.com/x v1.2.3` and `require ( ... )` blocks; `// indirect` lines are not declared by the project. */
const goMod: Reader = (text) => {
  const names: string[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  let inBlock = false;
  for (const line of lines) {
    if (line.startsWith('require (')) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    const spec = inBlock ? line : /^require\s+(.*)$/.exec(line)?.[1];
    if (spec === undefined || spec.endsWith('(') || spec.includes('// indirect')) continue;
    const name = /^([^\s]+)\s+v\S+/.exec(spec)?.[1];
    if (name !== undefined) names.push(name);
  }
  return names;
};

/** Manifest file names at the project root and how to read them (a registry: add a line per format). */
export const RUNTIME_MANIFESTS: Readonly<Record<string, Reader>> = {
  'package.json': packageJson,
  'requirements.txt': requirementsTxt,
  'pyproject.toml': pyprojectToml,
  'go.mod': goMod,
};

export function declaredDependencies(manifest: string, text: string): DeclaredDependencies {
  const reader = RUNTIME_MANIFESTS[manifest];
  return { manifest, names: reader === undefined ? [] : [...new Set(reader(text))].sort() };
}

const normal = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * The manifests whose declared runtime dependencies the SBOM lists none of (compared by name, case-
 * and separator-insensitively, with npm scope / Go module path as part of the name).
 */
export function uncoveredManifests(declared: readonly DeclaredDependencies[], sbomComponentNames: readonly string[]): DeclaredDependencies[] {
  const listed = new Set(sbomComponentNames.map(normal));
  return declared.filter((d) => d.names.length > 0 && !d.names.some((n) => listed.has(normal(n))));
}
