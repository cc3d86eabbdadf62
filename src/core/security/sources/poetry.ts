// poetry.lock (lock-version 1.x and 2.x): every `[[package]]` with the sha256 of each of its
// `files`. Development-only packages are told apart by, in order of what the lock carries: poetry 2's
// `groups`, poetry 1.x's `category`, else reachability from pyproject.toml's main dependencies.
import { SbomError } from '../errors.js';
import { pipHash, sortHashes, type SbomSourceReader, type SourceInput, type SourcePackage, type SourceReading } from './model.js';
import { pypiName, pypiPurl } from './purl.js';
import { isTable, lockPackages, parseTomlLock, strings, type TomlTable } from './toml.js';

const HINT = 'regenerate it with `poetry lock`';

/** Names (normalised) the project's main group depends on, from pyproject.toml; undefined if unknown. */
function mainRoots(pyproject: string | undefined): Set<string> | undefined {
  if (pyproject === undefined) return undefined;
  let doc: TomlTable;
  try {
    doc = parseTomlLock(pyproject, 'pyproject.toml', 'fix pyproject.toml');
  } catch {
    return undefined;
  }
  const tool = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  const roots = new Set<string>();
  if (tool !== undefined && isTable(tool.dependencies)) for (const name of Object.keys(tool.dependencies)) roots.add(pypiName(name));
  // PEP 621 `[project] dependencies = ["anyio>=3"]` (poetry 2).
  const project = isTable(doc.project) ? doc.project : undefined;
  for (const spec of strings(project?.dependencies)) roots.add(pypiName(/^[A-Za-z0-9._-]+/.exec(spec)?.[0] ?? spec));
  roots.delete('python');
  return tool === undefined && project === undefined ? undefined : roots;
}

function reachable(roots: Set<string>, deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const at = queue.pop() ?? '';
    if (seen.has(at)) continue;
    seen.add(at);
    queue.push(...(deps.get(at) ?? []));
  }
  return seen;
}

export function readPoetryLock(input: SourceInput): SourceReading {
  const doc = parseTomlLock(input.text, input.file, HINT);
  if (doc.package === undefined && doc.metadata === undefined) {
    throw new SbomError('LOCKFILE_INVALID', `${input.file}: no [[package]] nor [metadata]: not a poetry lockfile`, { path: input.file, hint: HINT });
  }
  const entries = lockPackages(doc, input.file, HINT);
  const deps = new Map(entries.map((e) => [pypiName(e.name), isTable(e.table.dependencies) ? Object.keys(e.table.dependencies).map(pypiName) : []]));
  const roots = mainRoots(input.companions.get('pyproject.toml'));
  const production = roots === undefined ? undefined : reachable(roots, deps);
  const packages: SourcePackage[] = entries.map(({ name, version, table }) => {
    const groups = strings(table.groups);
    const dev =
      groups.length > 0 ? !groups.includes('main') : typeof table.category === 'string' ? table.category === 'dev' : production !== undefined && !production.has(pypiName(name));
    const files = Array.isArray(table.files) ? table.files.filter(isTable) : [];
    const hashes = files.map((f) => (typeof f.hash === 'string' ? pipHash(f.hash) : undefined)).filter((h) => h !== undefined);
    return { purl: pypiPurl(name, version), name: pypiName(name), version, hashes: sortHashes(hashes), dev, optional: table.optional === true, source: input.file };
  });
  const project = projectOf(input.companions.get('pyproject.toml'));
  return { packages, warnings: [], ...(project === undefined ? {} : { project }) };
}

/** The project's own name and version from pyproject.toml ([tool.poetry] or PEP 621 [project]). */
export function projectOf(pyproject: string | undefined): SourceReading['project'] {
  if (pyproject === undefined) return undefined;
  try {
    const doc = parseTomlLock(pyproject, 'pyproject.toml', 'fix pyproject.toml');
    const table = isTable(doc.project) ? doc.project : isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
    if (typeof table?.name !== 'string') return undefined;
    const version = typeof table.version === 'string' ? table.version : '0.0.0';
    return { name: pypiName(table.name), version, purl: pypiPurl(table.name, version) };
  } catch {
    return undefined;
  }
}

export const poetryReader: SbomSourceReader = {
  id: 'poetry',
  ecosystem: 'pypi',
  matches: (name) => name === 'poetry.lock',
  companions: ['pyproject.toml'],
  read: readPoetryLock,
};
