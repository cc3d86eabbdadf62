// uv.lock: every registry `[[package]]` with the sha256 of its sdist and wheels. The project itself
// (`source = { editable = "." }` or `{ virtual = "." }`) is the SBOM's root, not a component;
// packages reached only through its `dev-dependencies` are development-only.
import { SbomError } from '../errors.js';
import { pipHash, sortHashes, type SbomSourceReader, type SourceHash, type SourceInput, type SourcePackage, type SourceReading } from './model.js';
import { pypiName, pypiPurl } from './purl.js';
import { isTable, lockPackages, parseTomlLock, type TomlTable } from './toml.js';

const HINT = 'regenerate it with `uv lock`';

const depNames = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isTable).map((d) => (typeof d.name === 'string' ? pypiName(d.name) : '')).filter((n) => n !== '') : []);

function groupDeps(v: unknown): string[] {
  return isTable(v) ? Object.values(v).flatMap(depNames) : [];
}

function artifactHashes(table: TomlTable): SourceHash[] {
  const wheels: unknown[] = Array.isArray(table.wheels) ? table.wheels : [];
  const files = [table.sdist, ...wheels].filter(isTable);
  return files.map((f) => (typeof f.hash === 'string' ? pipHash(f.hash) : undefined)).filter((h) => h !== undefined);
}

const isProject = (table: TomlTable): boolean => isTable(table.source) && (table.source.editable === '.' || table.source.virtual === '.');

export function readUvLock(input: SourceInput): SourceReading {
  const doc = parseTomlLock(input.text, input.file, HINT);
  if (typeof doc.version !== 'number') throw new SbomError('LOCKFILE_INVALID', `${input.file}: no top-level version: not a uv lockfile`, { path: input.file, hint: HINT });
  const entries = lockPackages(doc, input.file, HINT);
  const deps = new Map(entries.map((e) => [pypiName(e.name), [...depNames(e.table.dependencies), ...groupDeps(e.table['optional-dependencies'])]]));
  const projects = entries.filter((e) => isProject(e.table));
  let production: Set<string> | undefined;
  if (projects.length > 0) {
    production = new Set();
    const queue = projects.flatMap((p) => deps.get(pypiName(p.name)) ?? []);
    while (queue.length > 0) {
      const at = queue.pop() ?? '';
      if (production.has(at)) continue;
      production.add(at);
      queue.push(...(deps.get(at) ?? []));
    }
  }
  const packages: SourcePackage[] = entries
    .filter((e) => !isProject(e.table))
    .map(({ name, version, table }) => ({
      purl: pypiPurl(name, version),
      name: pypiName(name),
      version,
      hashes: sortHashes(artifactHashes(table)),
      dev: production !== undefined && !production.has(pypiName(name)),
      optional: false,
      source: input.file,
    }));
  const project = projects[0];
  return { packages, warnings: [], ...(project === undefined ? {} : { project: { name: pypiName(project.name), version: project.version, purl: pypiPurl(project.name, project.version) } }) };
}

export const uvReader: SbomSourceReader = {
  id: 'uv',
  ecosystem: 'pypi',
  matches: (name) => name === 'uv.lock',
  companions: [],
  read: readUvLock,
};
