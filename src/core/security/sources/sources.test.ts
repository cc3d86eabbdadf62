import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sbomSourceReaders, type SbomSourceReader, type SourceReading } from './index.js';
import { readRequirements, logicalLines, isDevRequirementsFile } from './requirements.js';
import { goSumHashes, readGoModules } from './go.js';
import { golangPurl, pypiPurl } from './purl.js';

const fixture = (dir: string, file: string): string => readFileSync(new URL(`../../../../test/fixtures/security/${dir}/${file}`, import.meta.url), 'utf8');
const optional = (dir: string, file: string): string | undefined => {
  try {
    return fixture(dir, file);
  } catch {
    return undefined;
  }
};

function readFixture(dir: string, file: string): SourceReading {
  const reader = sbomSourceReaders.find((r) => r.matches(file)) as SbomSourceReader;
  const companions = new Map<string, string>();
  for (const c of reader.companions) {
    const text = optional(dir, c);
    if (text !== undefined) companions.set(c, text);
  }
  return reader.read({ file, text: fixture(dir, file), companions });
}

const expected = (dir: string): string[] => fixture(dir, 'expected-purls.txt').trim().split('\n');
const purls = (r: SourceReading): string[] => [...new Set(r.packages.map((p) => p.purl))].sort();

describe('purls (purl spec PURL-TYPES)', () => {
  it('pypi: lowercase, underscore to dash, dots kept', () => {
    expect(pypiPurl('Typing_Extensions', '4.7.1')).toBe('pkg:pypi/typing-extensions@4.7.1');
    expect(pypiPurl('zope.interface', '6.0')).toBe('pkg:pypi/zope.interface@6.0');
    expect(pypiPurl('pkg', '1.0+local')).toBe('pkg:pypi/pkg@1.0%2Blocal');
  });
  it('golang: module path as namespace/name, lowercased, version kept', () => {
    expect(golangPurl('github.com/BurntSushi/toml', 'v1.3.2')).toBe('pkg:golang/github.com/burntsushi/toml@v1.3.2');
    expect(golangPurl('example.com/m', '')).toBe('pkg:golang/example.com/m');
  });
});

describe('Python readers against hand-verified fixtures', () => {
  it('requirements: == pins with hashes, -r includes, unpinned lines reported not guessed', () => {
    const reading = readFixture('python-requirements', 'requirements.txt');
    expect(reading.includes).toEqual(['requirements-base.txt']);
    expect(purls(reading)).toEqual(expected('python-requirements').filter((p) => !/fastapi|pytest/.test(p)));
    const anyio = reading.packages.find((p) => p.name === 'anyio');
    expect(anyio?.hashes.map((h) => h.content)).toEqual([
      '25ea0d673ae30af41a0c442f81cf3b38c7e79fdc7b60335a4c14e05eb0947421',
      'fbbe32bd270d2a2ef3ed1c5d45041250284e31fc0a4df4a5a6071842051a51e3',
    ]);
    expect(reading.warnings).toEqual([expect.stringMatching(/^requirements\.txt:13: 'requests' is not pinned/)]);
  });
  it('requirements: continuation lines keep the first line number; dev files by name', () => {
    expect(logicalLines('a==1 \\\n  --hash=sha256:ab\n# c\nb==2  # pinned\n')).toEqual([
      { line: 1, text: 'a==1 --hash=sha256:ab' },
      { line: 4, text: 'b==2' },
    ]);
    expect(isDevRequirementsFile('requirements-dev.txt')).toBe(true);
    expect(isDevRequirementsFile('requirements.txt')).toBe(false);
    expect(readRequirements({ file: 'requirements-test.txt', text: 'x==1\n', companions: new Map() }).packages[0]?.dev).toBe(true);
    expect(readRequirements({ file: 'r.txt', text: 'x==1.*\n-e .\n', companions: new Map() }).warnings).toHaveLength(2);
  });
  it('poetry.lock: files hashes, dev from pyproject groups, extras optional, project named', () => {
    const reading = readFixture('python-poetry', 'poetry.lock');
    expect(purls(reading)).toEqual(expected('python-poetry'));
    expect(reading.packages.find((p) => p.name === 'pytest')?.dev).toBe(true);
    expect(reading.packages.find((p) => p.name === 'idna')?.dev).toBe(false);
    expect(reading.packages.find((p) => p.name === 'zope.interface')?.optional).toBe(true);
    expect(reading.packages.find((p) => p.name === 'anyio')?.hashes).toHaveLength(2);
    expect(reading.project?.purl).toBe('pkg:pypi/orders-api@1.4.0');
  });
  it('uv.lock: the editable project is the root, dev-dependencies are dev', () => {
    const reading = readFixture('python-uv', 'uv.lock');
    expect(purls(reading)).toEqual(expected('python-uv'));
    expect(reading.project?.purl).toBe('pkg:pypi/inventory@0.3.0');
    expect(reading.packages.find((p) => p.name === 'pytest')?.dev).toBe(true);
    expect(reading.packages.find((p) => p.name === 'sniffio')?.hashes[0]?.content).toBe('e60305c5e5d314f5389259b7f22aaa33d8f7dee49763119234af3755c55b9101');
  });
  it('Pipfile.lock: default and develop, editable entries reported', () => {
    const reading = readFixture('python-pipfile', 'Pipfile.lock');
    expect(purls(reading)).toEqual(expected('python-pipfile'));
    expect(reading.warnings).toEqual([expect.stringContaining('default.local-tool')]);
  });
  it('bad TOML names the file and line', () => {
    expect(() => readFixtureText('poetry.lock', '[[package]]\nname = "a"\nversion = \n')).toThrow(/poetry\.lock:3: not valid TOML/);
  });
});

function readFixtureText(file: string, text: string): SourceReading {
  const reader = sbomSourceReaders.find((r) => r.matches(file)) as SbomSourceReader;
  return reader.read({ file, text, companions: new Map() });
}

describe('Go modules', () => {
  it('go.mod requires after replace, go.sum h1 as SHA-256 hex', () => {
    const reading = readFixture('go-modules', 'go.mod');
    expect(purls(reading)).toEqual(expected('go-modules'));
    const hashes = goSumHashes(fixture('go-modules', 'go.sum'));
    expect(hashes.get('github.com/gin-gonic/gin@v1.9.1')).toBe(Buffer.from('4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=', 'base64').toString('hex'));
    expect(hashes.has('golang.org/x/text@v0.12.0')).toBe(false); // a go.mod-only line is not a downloaded module
    expect(reading.project?.purl).toBe('pkg:golang/example.com/inventory');
  });
  it('local replacements are reported; a require without a version is an error with its line', () => {
    const local = readGoModules({ file: 'go.mod', text: 'module m\nrequire a.com/x v1.0.0\nreplace a.com/x => ../x\n', companions: new Map() });
    expect(local.packages).toEqual([]);
    expect(local.warnings.join('\n')).toMatch(/go\.mod:3: a\.com\/x is replaced by the local folder/);
    expect(() => readGoModules({ file: 'go.mod', text: 'module m\nrequire (\n  a.com/x\n)\n', companions: new Map() })).toThrow(/go\.mod:3/);
  });
});
