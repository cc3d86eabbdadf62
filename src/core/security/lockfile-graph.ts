// The lockfile graph shared by the pnpm and yarn readers, and npm's platform rule: a tree built
// from typed edges (prod/optional/dev) for lockfiles that do not flag dev/optional packages
// themselves. Split from lockfile.ts (npm's reader); lockfile.ts re-exports everything here.
import type { LockedPackage, LockfileTree } from './lockfile.js';

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
