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

/** Parses package-lock.json text; `file` names it in errors. */
export function parseNpmLockfile(text: string, file: string): LockfileTree {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SbomError('LOCKFILE_INVALID', `${file} is not valid JSON`, { path: file, cause: error, hint: 'regenerate it with `npm install --package-lock-only`' });
  }
  if (!isRecord(raw)) throw new SbomError('LOCKFILE_INVALID', `${file} is not a JSON object`, { path: file, hint: 'regenerate it with `npm install --package-lock-only`' });
  const version = raw.lockfileVersion;
  if (version !== 2 && version !== 3) {
    throw new SbomError('LOCKFILE_UNSUPPORTED', `${file} has lockfileVersion ${JSON.stringify(version)}; specgate reads versions 2 and 3`, {
      path: file,
      hint: 'upgrade it with npm 7 or later: `npm install --package-lock-only`',
    });
  }
  if (!isRecord(raw.packages)) {
    throw new SbomError('LOCKFILE_INVALID', `${file} has no "packages" map`, { path: file, hint: 'regenerate it with `npm install --package-lock-only`' });
  }
  const entries = raw.packages;
  const byLocation = new Map<string, LockedPackage>();
  const links = new Map<string, string>();
  for (const [location, entry] of Object.entries(entries)) {
    if (!isRecord(entry)) throw new SbomError('LOCKFILE_INVALID', `${file}: packages["${location}"] is not an object`, { path: file });
    if (entry.link === true) {
      if (typeof entry.resolved !== 'string') throw new SbomError('LOCKFILE_INVALID', `${file}: link packages["${location}"] has no "resolved" target`, { path: file });
      links.set(location, entry.resolved);
      continue;
    }
    const name = typeof entry.name === 'string' ? entry.name : location === '' ? (typeof raw.name === 'string' ? raw.name : 'project') : nameFromLocation(location);
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
    byLocation.set(location, {
      location,
      name,
      version: pkgVersion,
      ...(integrity === undefined ? {} : { integrity }),
      ...(license === undefined ? {} : { license }),
      dev: entry.dev === true,
      optional: entry.optional === true || entry.devOptional === true,
      ...platform,
      requires: [...requires].sort(),
    });
  }
  const root = byLocation.get('');
  if (root === undefined) throw new SbomError('LOCKFILE_INVALID', `${file} has no root package entry ("")`, { path: file, hint: 'regenerate it with npm 7 or later' });

  // Node's resolution: from a package's folder, look in its own node_modules, then each ancestor's.
  const resolve = (from: string, dep: string): string | undefined => {
    let base = from;
    for (;;) {
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
    const targets = new Set<string>();
    for (const dep of pkg.requires) {
      const target = resolve(pkg.location, dep);
      // An unresolved dependency is an optional or peer one that is not installed: not in the tree.
      if (target !== undefined && target !== pkg.location) targets.add(target);
    }
    edges.set(pkg.location, [...targets].sort());
  }
  return { root, packages: [...byLocation.values()].filter((p) => p.location !== ''), edges };
}

/** The platform an install happens on, as npm checks it (`process.platform`, `process.arch`, libc on Linux). */
export interface InstallPlatform {
  readonly os: string;
  readonly cpu: string;
  readonly libc?: string;
}

function allowed(list: readonly string[] | undefined, value: string | undefined): boolean {
  if (list === undefined || list.length === 0 || value === undefined) return true;
  if (list.includes(`!${value}`)) return false;
  const positives = list.filter((v) => !v.startsWith('!'));
  return positives.length === 0 || positives.includes(value) || positives.includes('any');
}

/** npm's own rule: a package whose os/cpu/libc excludes the platform is not installed there. */
export function installsOn(pkg: LockedPackage, platform: InstallPlatform): boolean {
  return allowed(pkg.os, platform.os) && allowed(pkg.cpu, platform.cpu) && (platform.os !== 'linux' || allowed(pkg.libc, platform.libc));
}

/** A dependency edge as a lockfile states it, before dev/optional are worked out. */
export interface TypedEdge {
  readonly target: string;
  readonly kind: 'prod' | 'optional' | 'dev';
}

export interface GraphNode {
  readonly location: string;
  readonly name: string;
  readonly version: string;
  readonly integrity?: string;
  readonly license?: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
}

/**
 * Builds a tree from lockfiles that do not flag dev/optional packages themselves (pnpm 9, yarn 1):
 * a package is `dev` when production dependencies of the root never reach it, `optional` when
 * they reach it only through an optional edge. `edges` maps a location ('' = root) to its edges.
 */
export function treeFromGraph(root: GraphNode, nodes: readonly GraphNode[], edges: ReadonlyMap<string, readonly TypedEdge[]>): LockfileTree {
  const reach = (kinds: ReadonlySet<TypedEdge['kind']>, rootKinds: ReadonlySet<TypedEdge['kind']>): Set<string> => {
    const seen = new Set<string>();
    const queue = (edges.get('') ?? []).filter((e) => rootKinds.has(e.kind)).map((e) => e.target);
    while (queue.length > 0) {
      const at = queue.pop() ?? '';
      if (seen.has(at)) continue;
      seen.add(at);
      for (const e of edges.get(at) ?? []) if (kinds.has(e.kind) && !seen.has(e.target)) queue.push(e.target);
    }
    return seen;
  };
  const production = reach(new Set(['prod', 'optional']), new Set(['prod', 'optional']));
  const required = reach(new Set(['prod']), new Set(['prod']));
  const known = new Set(nodes.map((n) => n.location));
  const toPackage = (n: GraphNode, isRoot: boolean): LockedPackage => ({
    ...n,
    dev: !isRoot && !production.has(n.location),
    optional: !isRoot && production.has(n.location) && !required.has(n.location),
    requires: [],
  });
  const resolved = new Map<string, string[]>();
  for (const [from, list] of edges) resolved.set(from, [...new Set(list.map((e) => e.target).filter((t) => known.has(t) && t !== from))].sort());
  return { root: toPackage(root, true), packages: nodes.map((n) => toPackage(n, false)), edges: resolved };
}
