// Reads a yarn v1 (classic) yarn.lock into the same tree as npm lockfiles. The format is yarn's
// own: a block per resolved package, headed by every `name@range` that resolved to it, with
// indented `version`, `integrity`, `dependencies` and `optionalDependencies`. Which packages are
// dev-only is not recorded, so the root's ranges come from package.json. yarn 2+ (berry)
// lockfiles are a different format and are refused with a clear error.
import { SbomError } from './errors.js';
import { treeFromGraph, type GraphNode, type LockfileTree, type TypedEdge } from './lockfile.js';

interface Block {
  readonly specifiers: string[];
  readonly line: number;
  fields: Map<string, string>;
  deps: Map<string, string>;
  optionalDeps: Map<string, string>;
}

const unquote = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

/** `"@s/n@^1.0.0"` → name `@s/n`; an alias `a@npm:b@^1` resolves to package `b`. */
export function specifierName(specifier: string): { key: string; name: string } {
  const key = unquote(specifier.trim());
  const at = key.indexOf('@', 1);
  const name = at === -1 ? key : key.slice(0, at);
  const range = at === -1 ? '' : key.slice(at + 1);
  if (range.startsWith('npm:')) {
    const real = range.slice(4);
    const realAt = real.indexOf('@', 1);
    return { key, name: realAt === -1 ? real : real.slice(0, realAt) };
  }
  return { key, name };
}

function parseBlocks(text: string, file: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let section: 'dependencies' | 'optionalDependencies' | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (indent === 0) {
      if (!body.endsWith(':')) throw new SbomError('LOCKFILE_INVALID', `${file}:${index + 1}: expected "name@range:" at the start of a block`, { path: file, line: index + 1, hint: 'regenerate it with `yarn install`' });
      current = { specifiers: body.slice(0, -1).split(',').map((s) => s.trim()), line: index + 1, fields: new Map(), deps: new Map(), optionalDeps: new Map() };
      blocks.push(current);
      section = undefined;
      continue;
    }
    if (current === undefined) throw new SbomError('LOCKFILE_INVALID', `${file}:${index + 1}: indented line outside a block`, { path: file, line: index + 1 });
    const space = body.search(/\s/);
    const key = unquote(space === -1 ? body.replace(/:$/, '') : body.slice(0, space));
    const value = space === -1 ? '' : unquote(body.slice(space + 1).trim());
    if (indent <= 2) {
      section = body.endsWith(':') && (key === 'dependencies' || key === 'optionalDependencies') ? key : undefined;
      if (section === undefined) current.fields.set(key, value);
    } else if (section !== undefined) {
      (section === 'dependencies' ? current.deps : current.optionalDeps).set(key, value);
    }
  }
  return blocks;
}

export interface RootManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

export function parseYarnLockfile(text: string, file: string, root: RootManifest): LockfileTree {
  if (/^__metadata:/m.test(text)) {
    throw new SbomError('LOCKFILE_UNSUPPORTED', `${file} is a yarn 2+ (berry) lockfile; specgate reads yarn 1 lockfiles`, {
      path: file,
      hint: 'provide a package-lock.json (`npm install --package-lock-only`) or a pnpm-lock.yaml',
    });
  }
  const blocks = parseBlocks(text, file);
  const bySpecifier = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const block of blocks) {
    const first = block.specifiers[0];
    const version = block.fields.get('version');
    if (first === undefined || version === undefined) {
      throw new SbomError('LOCKFILE_INVALID', `${file}:${block.line}: block has no version`, { path: file, line: block.line, hint: 'regenerate it with `yarn install`' });
    }
    const { name } = specifierName(first);
    const location = `${name}@${version}`;
    for (const s of block.specifiers) bySpecifier.set(specifierName(s).key, location);
    const integrity = block.fields.get('integrity');
    nodes.push({ location, name, version, ...(integrity === undefined ? {} : { integrity }) });
  }
  const resolve = (name: string, range: string): string | undefined => bySpecifier.get(`${name}@${range}`);
  const edges = new Map<string, TypedEdge[]>();
  const rootEdges: TypedEdge[] = [];
  for (const [field, kind] of [['dependencies', 'prod'], ['optionalDependencies', 'optional'], ['devDependencies', 'dev']] as const) {
    for (const [dep, range] of Object.entries(root[field] ?? {})) {
      const target = resolve(dep, range);
      if (target !== undefined) rootEdges.push({ target, kind });
    }
  }
  edges.set('', rootEdges);
  for (const [index, block] of blocks.entries()) {
    const location = nodes[index]?.location ?? '';
    const list: TypedEdge[] = [];
    for (const [dep, range] of block.deps) {
      const target = resolve(dep, range);
      if (target !== undefined) list.push({ target, kind: 'prod' });
    }
    for (const [dep, range] of block.optionalDeps) {
      const target = resolve(dep, range);
      if (target !== undefined) list.push({ target, kind: 'optional' });
    }
    edges.set(location, list);
  }
  // Merge duplicate locations (two blocks can resolve to the same name@version only in hand-edited files).
  const unique = [...new Map(nodes.map((n) => [n.location, n])).values()];
  return treeFromGraph({ location: '', name: root.name, version: root.version }, unique, edges);
}
