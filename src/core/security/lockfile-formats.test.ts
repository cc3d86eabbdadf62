import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNpmLockfile, type LockfileTree } from './lockfile.js';
import { parsePnpmLockfile, splitPnpmKey } from './lockfile-pnpm.js';
import { parseYarnLockfile, specifierName } from './lockfile-yarn.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/security');
const read = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');
const pkg = JSON.parse(read('npm-v3/package.json')) as { name: string; version: string; dependencies: Record<string, string>; optionalDependencies: Record<string, string>; devDependencies: Record<string, string> };

/** name@version → flags and resolved dependency names: what every lockfile format must agree on. */
function summary(tree: LockfileTree): Record<string, string> {
  const byLocation = new Map(tree.packages.map((p) => [p.location, p]));
  const id = (location: string): string => {
    const p = byLocation.get(location);
    return p === undefined ? location : `${p.name}@${p.version}`;
  };
  const out: Record<string, string> = {};
  for (const p of tree.packages) {
    const deps = (tree.edges.get(p.location) ?? []).map(id).sort().join(',');
    out[`${p.name}@${p.version}`] = `${p.dev ? 'dev' : p.optional ? 'optional' : 'required'} ${p.integrity?.slice(0, 14) ?? '-'} [${deps}]`;
  }
  out.root = (tree.edges.get('') ?? []).map(id).sort().join(',');
  return out;
}

describe('pnpm and yarn lockfiles', () => {
  const npm = summary(parseNpmLockfile(read('npm-v3/package-lock.json'), 'package-lock.json'));

  it('pnpm-lock.yaml v9 gives the same packages, flags, hashes and graph as package-lock.json', () => {
    expect(summary(parsePnpmLockfile(read('pnpm-v9/pnpm-lock.yaml'), 'pnpm-lock.yaml', pkg.name, pkg.version))).toEqual(npm);
  });

  it('yarn.lock v1 gives the same packages, flags, hashes and graph as package-lock.json', () => {
    expect(summary(parseYarnLockfile(read('yarn-v1/yarn.lock'), 'yarn.lock', pkg))).toEqual(npm);
  });

  it('reads pnpm peer suffixes, aliases and v6 keys', () => {
    expect(splitPnpmKey('/@types/react-dom@18.2.0(@types/react@18.2.1)')).toEqual({ name: '@types/react-dom', version: '18.2.0' });
    const lock = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      sw: {specifier: npm:string-width@4.2.3, version: string-width@4.2.3}',
      '      lib: {specifier: workspace:*, version: link:packages/lib}',
      'packages:',
      '  string-width@4.2.3: {resolution: {integrity: sha512-AAAA}}',
      'snapshots:',
      '  string-width@4.2.3: {}',
    ].join('\n');
    const tree = parsePnpmLockfile(lock, 'pnpm-lock.yaml', 'app', '1.0.0');
    expect(tree.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['string-width@4.2.3']);
    expect(tree.edges.get('')).toEqual(['string-width@4.2.3']);
  });

  it('refuses unknown pnpm versions and yarn berry with a typed error naming the file', () => {
    expect(() => parsePnpmLockfile("lockfileVersion: '5.4'\n", 'pnpm-lock.yaml', 'a', '1')).toThrow(expect.objectContaining({ code: 'LOCKFILE_UNSUPPORTED', path: 'pnpm-lock.yaml' }));
    expect(() => parseYarnLockfile('__metadata:\n  version: 8\n', 'yarn.lock', pkg)).toThrow(expect.objectContaining({ code: 'LOCKFILE_UNSUPPORTED', path: 'yarn.lock' }));
    expect(() => parseYarnLockfile('debug@4.3.4:\n  resolved "x"\n', 'yarn.lock', pkg)).toThrow(expect.objectContaining({ code: 'LOCKFILE_INVALID', line: 1 }));
  });

  it('resolves yarn aliases to the real package', () => {
    expect(specifierName('"string-width-cjs@npm:string-width@^4.2.0"')).toEqual({ key: 'string-width-cjs@npm:string-width@^4.2.0', name: 'string-width' });
    expect(specifierName('"@babel/core@^7.0.0"')).toEqual({ key: '@babel/core@^7.0.0', name: '@babel/core' });
  });
});
