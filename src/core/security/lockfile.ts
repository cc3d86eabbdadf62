// Reads an npm lockfile (v2 and v3 — the `packages` map npm 7+ writes; npm-shrinkwrap.json has the
// same shape) into installed packages and the edges between them. Pure: the caller reads the file.
// A lockfile is input we did not write: every field is checked, every problem names the entry.
import { SbomError } from './errors.js';
import { isRecord } from '../data.js';

export interface LockedPackage {
  /** Location in the tree: `node_modules/a/node_modules/@s/b`, or a workspace folder, `''` for the root. */
  readonly location: string;
  readonly name: string;
  readonly version: string;
  /** Subresource-integrity string, e.g. `sha512-…`. */
  readonly integrity?: string;
  readonly license?: string;
  /** Needed only for development (`dev: true`). */
  readonly dev: boolean;
  /** Optional at run time (`optional` or `devOptional`). */
  readonly optional: boolean;
  /** npm's platform restrictions (`os`, `cpu`, `libc`): lists of allowed values, `!x` excludes x. */
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
  /** Names this package depends on (dependencies, optional and peer), resolved later by location. */
  readonly requires: readonly string[];
}

export interface LockfileTree {
  readonly root: LockedPackage;
  /** Every installed package except the root, links resolved to their targets. */
  readonly packages: readonly LockedPackage[];
  /** location → locations of the packages it depends on, resolved the way Node resolves modules. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}


/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function nameFromLocation(location: string): string {
  const at = location.lastIndexOf('node_modules/');
  const tail = at === -1 ? location.split('/').pop() ?? location : location.slice(at + 'node_modules/'.length);
  return tail;
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (isRecord(value) && typeof value.type === 'string') return value.type;
  return undefined;
}

const REGENERATE = 'regenerate it with `npm install --package-lock-only`';

/** Step 1: the `packages` map of a v2/v3 lockfile, or an error saying what to do. */
function readNpmDocument(text: string, file: string): { raw: Record<string, unknown>; entries: Record<string, unknown> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SbomError('LOCKFILE_INVALID', `${file} is not valid JSON`, { path: file, cause: error, hint: REGENERATE });
  }
  if (!isRecord(raw)) throw new SbomError('LOCKFILE_INVALID', `${file} is not a JSON object`, { path: file, hint: REGENERATE });
  const version = raw.lockfileVersion;
  if (version !== 2 && version !== 3) {
    throw new SbomError('LOCKFILE_UNSUPPORTED', `${file} has lockfileVersion ${JSON.stringify(version)}; specgate reads versions 2 and 3`, {
      path: file,
      hint: 'upgrade it with npm 7 or later: `npm install --package-lock-only`',
    });
  }
  if (!isRecord(raw.packages)) throw new SbomError('LOCKFILE_INVALID', `${file} has no "packages" map`, { path: file, hint: REGENERATE });
  return { raw, entries: raw.packages };
}

/** Step 2: one installed package from its `packages` entry; every field checked. */
function packageOf(location: string, entry: Record<string, unknown>, projectName: unknown, file: string): LockedPackage {
  const name = typeof entry.name === 'string' ? entry.name : location === '' ? (typeof projectName === 'string' ? projectName : 'project') : nameFromLocation(location);
  const pkgVersion = typeof entry.version === 'string' ? entry.version : location === '' ? '0.0.0' : undefined;
  if (pkgVersion === undefined) {
    // npm leaves out the version only for packages it could not resolve: an incomplete install.
    throw new SbomError('LOCKFILE_INVALID', `${file}: packages["${location}"] has no version`, { path: file, hint: 'run `npm install` to complete the lockfile' });
  }
  const requires = new Set<string>();
  // The root's devDependencies are edges too; the SBOM builder drops dev-only packages unless asked.
  const fields = location === '' ? ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] : ['dependencies', 'optionalDependencies', 'peerDependencies'];
  for (const field of fields) {
    const deps = entry[field];
    if (isRecord(deps)) for (const dep of Object.keys(deps)) requires.add(dep);
  }
  const license = licenseOf(entry.license);
  const platform: { os?: string[]; cpu?: string[]; libc?: string[] } = {};
  for (const key of ['os', 'cpu', 'libc'] as const) {
    const list = entry[key];
    if (Array.isArray(list) && list.every((v) => typeof v === 'string')) platform[key] = list;
  }
  const integrity = typeof entry.integrity === 'string' ? entry.integrity : undefined;
  return {
    location,
    name,
    version: pkgVersion,
    ...(integrity === undefined ? {} : { integrity }),
    ...(license === undefined ? {} : { license }),
    dev: entry.dev === true,
    optional: entry.optional === true || entry.devOptional === true,
    ...platform,
    requires: [...requires].sort(),
  };
}

/** Step 3: each package's dependencies resolved to locations the way Node does, links followed. */
function resolveEdges(byLocation: ReadonlyMap<string, LockedPackage>, links: ReadonlyMap<string, string>): Map<string, string[]> {
  // Node's resolution: from a package's folder, look in its own node_modules, then each ancestor's.
  const resolve = (from: string, dep: string): string | undefined => {
    for (let base = from; ; ) {
      const candidate = base === '' ? `node_modules/${dep}` : `${base}/node_modules/${dep}`;
      const target = links.get(candidate) ?? candidate;
      if (byLocation.has(target)) return target;
      if (base === '') return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  const edges = new Map<string, string[]>();
  for (const pkg of byLocation.values()) {
    // An unresolved dependency is an optional or peer one that is not installed: not in the tree.
    const targets = new Set(pkg.requires.map((dep) => resolve(pkg.location, dep)).filter((t): t is string => t !== undefined && t !== pkg.location));
    edges.set(pkg.location, [...targets].sort());
  }
  return edges;
}

/** Parses package-lock.json text; `file` names it in errors. */
export function parseNpmLockfile(text: string, file: string): LockfileTree {
  const { raw, entries } = readNpmDocument(text, file);
  const byLocation = new Map<string, LockedPackage>();
  const links = new Map<string, string>();
  for (const [location, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) throw new SbomError('LOCKFILE_INVALID', `${file}: packages["${location}"] is not an object`, { path: file });
    if (entry.link !== true) byLocation.set(location, packageOf(location, entry, raw.name, file));
    else if (typeof entry.resolved === 'string') links.set(location, entry.resolved);
    else throw new SbomError('LOCKFILE_INVALID', `${file}: link packages["${location}"] has no "resolved" target`, { path: file });
  }
  const root = byLocation.get('');
  if (root === undefined) throw new SbomError('LOCKFILE_INVALID', `${file} has no root package entry ("")`, { path: file, hint: 'regenerate it with npm 7 or later' });
  return { root, packages: [...byLocation.values()].filter((p) => p.location !== ''), edges: resolveEdges(byLocation, links) };
}

export { installsOn, treeFromGraph, type GraphNode, type InstallPlatform, type TypedEdge } from './lockfile-graph.js';
