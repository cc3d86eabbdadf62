import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameFromLocation, parseNpmLockfile } from './lockfile.js';
import { SbomError } from './errors.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/security');
const read = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');

describe('parseNpmLockfile', () => {
  for (const version of ['npm-v2', 'npm-v3']) {
    it(`reads ${version} with the root, every package and Node-resolved edges`, () => {
      const tree = parseNpmLockfile(read(`${version}/package-lock.json`), 'package-lock.json');
      expect(tree.root).toMatchObject({ name: '@acme/payments', version: '1.4.0' });
      const byLocation = new Map(tree.packages.map((p) => [p.location, p]));
      expect(byLocation.get('node_modules/@sindresorhus/is')).toMatchObject({ name: '@sindresorhus/is', version: '4.6.0', license: 'MIT', dev: false });
      expect(byLocation.get('node_modules/ms')).toMatchObject({ version: '2.0.0', dev: true });
      expect(byLocation.get('node_modules/is-number')).toMatchObject({ optional: true, dev: false });
      expect(byLocation.get('node_modules/type-fest')?.license).toBe('(MIT OR CC0-1.0)');
      // debug needs ms@2.1.2, which npm nested under it: resolution must find the nested one.
      expect(tree.edges.get('node_modules/debug')).toEqual(['node_modules/debug/node_modules/ms']);
      expect(tree.edges.get('')).toContain('node_modules/left-pad');
      expect(byLocation.get('node_modules/debug')?.integrity).toMatch(/^sha512-/);
    });
  }

  it('follows workspace links to their target folder', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono', version: '1.0.0', dependencies: { lib: '*' } },
        'node_modules/lib': { resolved: 'packages/lib', link: true },
        'packages/lib': { name: 'lib', version: '0.2.0', dependencies: { ms: '2.1.3' } },
        'node_modules/ms': { version: '2.1.3', integrity: 'sha512-AAAA' },
      },
    };
    const tree = parseNpmLockfile(JSON.stringify(lock), 'package-lock.json');
    expect(tree.edges.get('')).toEqual(['packages/lib']);
    expect(tree.edges.get('packages/lib')).toEqual(['node_modules/ms']);
  });

  it('rejects lockfile v1 with a clear, typed error naming the file', () => {
    const error = (() => {
      try {
        parseNpmLockfile(JSON.stringify({ lockfileVersion: 1, dependencies: {} }), 'old/package-lock.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SbomError);
    expect(error).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED', path: 'old/package-lock.json', exitCode: 2 });
  });

  it('rejects broken JSON and entries without a version', () => {
    expect(() => parseNpmLockfile('{', 'x.json')).toThrow(expect.objectContaining({ code: 'LOCKFILE_INVALID' }));
    const lock = { lockfileVersion: 3, packages: { '': { name: 'a' }, 'node_modules/b': {} } };
    expect(() => parseNpmLockfile(JSON.stringify(lock), 'x.json')).toThrow(/packages\["node_modules\/b"\] has no version/);
  });

  it('derives names from nested, scoped locations', () => {
    expect(nameFromLocation('node_modules/a/node_modules/@s/b')).toBe('@s/b');
    expect(nameFromLocation('node_modules/a')).toBe('a');
  });
});
