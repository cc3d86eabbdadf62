// TOML lockfiles (poetry.lock, uv.lock) parsed with smol-toml, errors mapped to SbomError with the
// file and line, and small typed accessors: a lockfile is input we did not write.
import { parse, TomlError } from 'smol-toml';
import { SbomError } from '../errors.js';

export type TomlTable = Record<string, unknown>;

export const isTable = (v: unknown): v is TomlTable => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export function parseTomlLock(text: string, file: string, hint: string): TomlTable {
  try {
    return parse(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new SbomError('LOCKFILE_INVALID', `${file}${line === undefined ? '' : `:${line}`}: not valid TOML (${reason ?? ''})`, { path: file, cause: error, hint });
  }
}

/** The `[[package]]` array of tables, each checked to have a string name and version. */
export function lockPackages(doc: TomlTable, file: string, hint: string): { name: string; version: string; table: TomlTable }[] {
  const list = doc.package ?? [];
  if (!Array.isArray(list)) throw new SbomError('LOCKFILE_INVALID', `${file}: "package" is not an array of tables`, { path: file, hint });
  return list.map((entry, index) => {
    if (!isTable(entry) || typeof entry.name !== 'string' || typeof entry.version !== 'string' || entry.name === '') {
      throw new SbomError('LOCKFILE_INVALID', `${file}: package #${index + 1} has no string name and version`, { path: file, hint });
    }
    return { name: entry.name, version: entry.version, table: entry };
  });
}

export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
