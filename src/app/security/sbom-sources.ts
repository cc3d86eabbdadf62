// Finds and reads the project's non-npm dependency sources (Python and Go lockfiles in the project
// root, through the reader registry) and the CycloneDX files `sbom.import` names. Every path stays
// inside the project and every read is bounded: these files are input we did not write.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { SbomError } from '../../core/security/errors.js';
import { sbomSourceReaders, type SourcePackage, type SourceReading } from '../../core/security/sources/index.js';

/** Larger lockfiles are not plausible; refusing them keeps a hostile file from exhausting memory. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
const MAX_INCLUDE_DEPTH = 8;

export interface GatheredSources {
  readonly packages: readonly SourcePackage[];
  /** Files read, relative to the root, sorted. */
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** The project as the first source that names it describes it (root component). */
  readonly project?: SourceReading['project'];
}

/** Resolves `rel` against `root`, refusing anything that leaves it. */
export function confined(root: string, rel: string, what: string): string {
  const full = path.resolve(root, rel);
  const back = path.relative(root, full);
  if (back === '' || back.startsWith('..') || path.isAbsolute(back)) {
    throw new SbomError('LOCKFILE_INVALID', `${what} '${rel}' is outside the project`, { path: rel, hint: 'name a file inside the project root' });
  }
  return full;
}

export async function readBounded(fs: FileSystem, file: string, shown: string): Promise<string> {
  const info = await fs.stat(file);
  if (info?.kind !== 'file') throw new SbomError('LOCKFILE_MISSING', `${shown} does not exist or is not a file`, { path: shown, hint: 'create it or remove it from specgate.yaml' });
  if (info.size > MAX_SOURCE_BYTES) {
    throw new SbomError('LOCKFILE_INVALID', `${shown} is ${info.size} bytes, over the ${MAX_SOURCE_BYTES}-byte limit`, { path: shown, hint: 'an SBOM source this large is not a lockfile; check the file' });
  }
  return fs.readText(file);
}

async function optionalText(fs: FileSystem, root: string, name: string): Promise<string | undefined> {
  const file = path.join(root, name);
  return (await fs.stat(file))?.kind === 'file' ? readBounded(fs, file, name) : undefined;
}

export async function gatherSources(fs: FileSystem, root: string): Promise<GatheredSources> {
  const names = (await fs.readdir(root)).sort();
  const packages: SourcePackage[] = [];
  const warnings: string[] = [];
  const files = new Set<string>();
  let project: SourceReading['project'];
  const pending: { file: string; depth: number }[] = [];
  for (const reader of sbomSourceReaders) for (const name of names) if (reader.matches(name)) pending.push({ file: name, depth: 0 });
  while (pending.length > 0) {
    const { file, depth } = pending.shift() ?? { file: '', depth: 0 };
    if (files.has(file)) continue;
    const base = file.split('/').pop() ?? file;
    const reader = sbomSourceReaders.find((r) => r.matches(base)) ?? (depth > 0 ? sbomSourceReaders.find((r) => r.id === 'requirements') : undefined);
    if (reader === undefined) continue;
    files.add(file);
    const companions = new Map<string, string>();
    for (const c of reader.companions) {
      const text = await optionalText(fs, root, c);
      if (text !== undefined) companions.set(c, text);
    }
    const reading = reader.read({ file, text: await readBounded(fs, confined(root, file, 'SBOM source'), file), companions });
    packages.push(...reading.packages);
    warnings.push(...reading.warnings);
    project ??= reading.project;
    for (const inc of reading.includes ?? []) {
      const rel = path.posix.normalize(path.posix.join(path.posix.dirname(file), inc));
      if (depth + 1 > MAX_INCLUDE_DEPTH) warnings.push(`${file}: -r ${inc} nested more than ${MAX_INCLUDE_DEPTH} deep; not followed`);
      else {
        confined(root, rel, `${file}: -r`);
        pending.push({ file: rel, depth: depth + 1 });
      }
    }
  }
  if (project === undefined && names.includes('pyproject.toml')) {
    const { projectOf } = await import('../../core/security/sources/poetry.js');
    project = projectOf(await optionalText(fs, root, 'pyproject.toml'));
  }
  return { packages, files: [...files].sort(), warnings, ...(project === undefined ? {} : { project }) };
}
