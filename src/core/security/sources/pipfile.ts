// Pipfile.lock (pipenv): `default` packages are runtime, `develop` ones development-only. Versions
// are `==x.y`; entries without one (editable paths, VCS checkouts) are reported, not guessed.
import { SbomError } from '../errors.js';
import { pipHash, sortHashes, type SbomSourceReader, type SourceInput, type SourcePackage, type SourceReading } from './model.js';
import { pypiName, pypiPurl } from './purl.js';
import { isRecord } from '../../data.js';

const HINT = 'regenerate it with `pipenv lock`';

export function readPipfileLock(input: SourceInput): SourceReading {
  let doc: unknown;
  try {
    doc = JSON.parse(input.text);
  } catch (error) {
    throw new SbomError('LOCKFILE_INVALID', `${input.file} is not valid JSON`, { path: input.file, cause: error, hint: HINT });
  }
  if (!isRecord(doc) || !isRecord(doc._meta)) throw new SbomError('LOCKFILE_INVALID', `${input.file} has no "_meta": not a Pipfile.lock`, { path: input.file, hint: HINT });
  const packages: SourcePackage[] = [];
  const warnings: string[] = [];
  for (const [section, dev] of [['default', false], ['develop', true]] as const) {
    const entries = doc[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) throw new SbomError('LOCKFILE_INVALID', `${input.file}: "${section}" is not an object`, { path: input.file, hint: HINT });
    for (const [name, entry] of Object.entries(entries)) {
      const version = isRecord(entry) && typeof entry.version === 'string' ? /^===?(.+)$/.exec(entry.version)?.[1] : undefined;
      if (!isRecord(entry) || version === undefined) {
        warnings.push(`${input.file}: ${section}.${name} has no == version (editable, path or VCS); left out of the SBOM`);
        continue;
      }
      const hashes = (Array.isArray(entry.hashes) ? entry.hashes : []).map((h) => (typeof h === 'string' ? pipHash(h) : undefined)).filter((h) => h !== undefined);
      packages.push({ purl: pypiPurl(name, version), name: pypiName(name), version, hashes: sortHashes(hashes), dev, optional: false, source: input.file });
    }
  }
  return { packages, warnings };
}

export const pipfileReader: SbomSourceReader = {
  id: 'pipfile',
  ecosystem: 'pypi',
  matches: (name) => name === 'Pipfile.lock',
  companions: [],
  read: readPipfileLock,
};
