// Reads pnpm-lock.yaml (lockfileVersion 9, and 6 whose `packages` carry their own dependencies)
// into the same tree as npm lockfiles. Keys are `name@version` plus a peer suffix `(react@18.2.0)`
// in snapshots; a dependency value is a version, `name@version` for an alias, or `link:` for a
// workspace folder (not a package, so not listed). Parsed defensively: errors name the entry.
import { parse } from 'yaml';
import { SbomError } from './errors.js';
import { treeFromGraph, type GraphNode, type LockfileTree, type TypedEdge } from './lockfile.js';
import { isRecord, type JsonObject } from '../data.js';

type Json = JsonObject;

/** `@s/n@1.0.0(peer@2)` → `{name: '@s/n', version: '1.0.0'}`. */
export function splitPnpmKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  const at = bare.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined);

/** Step 1: the YAML mapping of a pnpm lockfile version specgate reads (6.x or 9.x). */
function readPnpmDocument(text: string, file: string): Json {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SbomError('LOCKFILE_INVALID', `${file} is not valid YAML`, { path: file, cause: error, hint: 'regenerate it with `pnpm install --lockfile-only`' });
  }
  if (!isRecord(raw)) throw new SbomError('LOCKFILE_INVALID', `${file} is not a YAML mapping`, { path: file });
  const version = typeof raw.lockfileVersion === 'string' || typeof raw.lockfileVersion === 'number' ? String(raw.lockfileVersion) : '';
  const major = Number.parseInt(version, 10);
  if (major !== 6 && major !== 9) {
    throw new SbomError('LOCKFILE_UNSUPPORTED', `${file} has lockfileVersion ${JSON.stringify(version)}; specgate reads pnpm lockfiles 6.x and 9.x`, {
      path: file,
      hint: 'regenerate it with pnpm 8 or 9, or provide a package-lock.json',
    });
  }
  return raw;
}

/** Location of a snapshot/package key without the v6 leading slash. */
const norm = (key: string): string => key.replace(/^\//, '');

/** Where a dependency value points: `name@version` of a package, or undefined for a workspace link/file. */
function target(dep: string, value: unknown): string | undefined {
  const v = isRecord(value) ? value.version : value;
  if (typeof v !== 'string' || v.startsWith('link:') || v.startsWith('file:')) return undefined;
  // An alias is written `real-name@version`; a plain value is the version of `dep` itself.
  return norm(v.lastIndexOf('@') > 0 ? v : `${dep}@${v}`);
}

/** Step 2: the typed edges an importer or snapshot declares. */
function edgesOf(entry: Json, kinds: readonly [string, TypedEdge['kind']][]): TypedEdge[] {
  const out: TypedEdge[] = [];
  for (const [field, kind] of kinds) {
    const deps = entry[field];
    if (!isRecord(deps)) continue;
    for (const [dep, value] of Object.entries(deps)) {
      const t = target(dep, value);
      if (t !== undefined) out.push({ target: t, kind });
    }
  }
  return out;
}

/** Step 3: one package node from its snapshot key and `packages` metadata (name, version, integrity, platform). */
function nodeOf(key: string, packages: Json, file: string): GraphNode {
  const id = splitPnpmKey(key);
  if (id === undefined) throw new SbomError('LOCKFILE_INVALID', `${file}: cannot read the package key ${JSON.stringify(key)}`, { path: file, hint: 'regenerate the lockfile' });
  const meta = packages[`${id.name}@${id.version}`] ?? packages[key];
  const pkg = isRecord(meta) ? meta : {};
  const resolution = isRecord(pkg.resolution) ? pkg.resolution : {};
  const integrity = typeof resolution.integrity === 'string' ? resolution.integrity : undefined;
  const [os, cpu, libc] = [strings(pkg.os), strings(pkg.cpu), strings(pkg.libc)];
  return {
    location: norm(key),
    name: typeof pkg.name === 'string' ? pkg.name : id.name,
    version: typeof pkg.version === 'string' ? pkg.version : id.version,
    ...(integrity === undefined ? {} : { integrity }),
    ...(os === undefined ? {} : { os }),
    ...(cpu === undefined ? {} : { cpu }),
    ...(libc === undefined ? {} : { libc }),
  };
}

export function parsePnpmLockfile(text: string, file: string, rootName: string, rootVersion: string): LockfileTree {
  const raw = readPnpmDocument(text, file);
  const packages = isRecord(raw.packages) ? raw.packages : {};
  const snapshots = isRecord(raw.snapshots) ? raw.snapshots : packages;
  const importer = isRecord(raw.importers) && isRecord(raw.importers['.']) ? raw.importers['.'] : raw;
  const edges = new Map<string, TypedEdge[]>();
  edges.set('', edgesOf(importer, [['dependencies', 'prod'], ['optionalDependencies', 'optional'], ['devDependencies', 'dev']]));
  const nodes: GraphNode[] = [];
  for (const [key, snapshot] of Object.entries(snapshots)) {
    const node = nodeOf(key, packages, file);
    nodes.push(node);
    edges.set(node.location, isRecord(snapshot) ? edgesOf(snapshot, [['dependencies', 'prod'], ['optionalDependencies', 'optional']]) : []);
  }
  return treeFromGraph({ location: '', name: rootName, version: rootVersion }, nodes, edges);
}
