import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { buildSbom, integrityHashes, npmPurl, type SbomInput } from './sbom.js';
import { parseNpmLockfile } from './lockfile.js';
import { scanEndpoints } from './endpoints.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/security');
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function input(overrides: Partial<SbomInput> = {}): SbomInput {
  const tree = parseNpmLockfile(readFileSync(path.join(FIXTURES, 'npm-v3/package-lock.json'), 'utf8'), 'package-lock.json');
  return {
    tree,
    includeDev: false,
    project: { name: '@acme/payments', version: '1.4.0' },
    serviceName: 'payments',
    endpoints: [{ method: 'GET', path: '/v1/users/{id}', source: 'features/a.feature:3' }],
    healthPath: '/healthz',
    timestamp: new Date('2025-09-24T14:04:40.123Z'),
    toolVersion: '0.1.0',
    ...overrides,
  };
}

describe('buildSbom', () => {
  it('validates against the official CycloneDX 1.6 schema (strict)', async () => {
    for (const includeDev of [false, true]) {
      const { json } = buildSbom(input({ includeDev }));
      expect(await validator.validate(json)).toBeNull();
    }
  });

  it('is byte-for-byte deterministic and its serial number follows the content', () => {
    const a = buildSbom(input());
    expect(buildSbom(input()).json).toBe(a.json);
    expect(a.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The timestamp is metadata about the run, not content: the serial stays.
    expect(buildSbom(input({ timestamp: new Date('2030-01-01T00:00:00Z') })).serialNumber).toBe(a.serialNumber);
    expect(buildSbom(input({ includeDev: true })).serialNumber).not.toBe(a.serialNumber);
  });

  it('lists every production package once, with purl, scope, SHA-512 and license', () => {
    const doc = JSON.parse(buildSbom(input()).json);
    const purls = doc.components.map((c: { purl: string }) => c.purl);
    expect(purls).toEqual([...purls].sort());
    expect(purls).toContain('pkg:npm/%40sindresorhus/is@4.6.0');
    expect(purls).toContain('pkg:npm/ms@2.1.2');
    expect(purls).not.toContain('pkg:npm/ms@2.0.0'); // dev-only
    expect(purls).not.toContain('pkg:npm/left-pad@1.3.0');
    const is = doc.components.find((c: { name: string }) => c.name === 'is');
    expect(is).toMatchObject({ group: '@sindresorhus', scope: 'required', licenses: [{ license: { id: 'MIT' } }] });
    const sri = 't09vSN3MdfsyCHoFcTRCH/iUtG7OJ0CsjzB8cjAmKc/va/kIgeDI/TxsigdncE/4be734m0cvIYwNaV4i2XqAw==';
    expect(is.hashes).toEqual([{ alg: 'SHA-512', content: Buffer.from(sri, 'base64').toString('hex') }]);
    expect(doc.components.find((c: { name: string }) => c.name === 'is-number').scope).toBe('optional');
    expect(doc.components.find((c: { name: string }) => c.name === 'type-fest').licenses).toEqual([{ expression: '(MIT OR CC0-1.0)' }]);
  });

  it('marks development packages optional when they are included', () => {
    const doc = JSON.parse(buildSbom(input({ includeDev: true })).json);
    expect(doc.components.find((c: { purl: string }) => c.purl === 'pkg:npm/left-pad@1.3.0')).toMatchObject({ scope: 'optional', licenses: [{ license: { id: 'WTFPL' } }] });
  });

  it('records the dependency graph from the root down, nested versions included', () => {
    const doc = JSON.parse(buildSbom(input()).json);
    const deps = new Map(doc.dependencies.map((d: { ref: string; dependsOn?: string[] }) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get('pkg:npm/%40acme/payments@1.4.0')).toEqual(
      expect.arrayContaining(['pkg:npm/debug@4.3.4', 'pkg:npm/%40sindresorhus/is@4.6.0', 'pkg:npm/is-number@7.0.0']),
    );
    expect(deps.get('pkg:npm/%40acme/payments@1.4.0')).not.toContain('pkg:npm/left-pad@1.3.0');
    expect(deps.get('pkg:npm/debug@4.3.4')).toEqual(['pkg:npm/ms@2.1.2']);
  });

  it('records metadata (tool, clock time, the project) and the declared endpoints as a service', () => {
    const doc = JSON.parse(buildSbom(input()).json);
    expect(doc.metadata.timestamp).toBe('2025-09-24T14:04:40Z');
    expect(doc.metadata.tools.components[0]).toMatchObject({ name: 'specgate', version: '0.1.0' });
    expect(doc.metadata.component).toMatchObject({ group: '@acme', name: 'payments', purl: 'pkg:npm/%40acme/payments@1.4.0' });
    expect(doc.services).toHaveLength(1);
    expect(doc.services[0]).toMatchObject({ name: 'payments', endpoints: ['/healthz', '/v1/users/{id}'] });
  });
});

describe('platform-specific packages', () => {
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { esbuild: '0.21.5', JSONStream: '1.3.5' } },
      'node_modules/esbuild': { version: '0.21.5', optionalDependencies: { '@esbuild/linux-x64': '0.21.5', '@esbuild/darwin-arm64': '0.21.5' } },
      'node_modules/@esbuild/linux-x64': { version: '0.21.5', optional: true, os: ['linux'], cpu: ['x64'] },
      'node_modules/@esbuild/darwin-arm64': { version: '0.21.5', optional: true, os: ['darwin'], cpu: ['arm64'] },
      'node_modules/@rollup/rollup-linux-x64-musl': { version: '4.0.0', optional: true, os: ['linux'], cpu: ['x64'], libc: ['musl'] },
      'node_modules/JSONStream': { version: '1.3.5' },
    },
  };
  const purls = (platform?: { os: string; cpu: string; libc?: string }): string[] => {
    const doc = JSON.parse(buildSbom(input({ tree: parseNpmLockfile(JSON.stringify(lock), 'l'), ...(platform ? { platform } : {}) })).json) as { components: { purl: string }[] };
    return doc.components.map((c) => c.purl);
  };

  it('lists only what npm installs on the given platform, or everything without one', () => {
    expect(purls({ os: 'linux', cpu: 'x64', libc: 'glibc' })).toEqual(['pkg:npm/%40esbuild/linux-x64@0.21.5', 'pkg:npm/esbuild@0.21.5', 'pkg:npm/jsonstream@1.3.5']);
    expect(purls({ os: 'linux', cpu: 'x64', libc: 'musl' })).toContain('pkg:npm/%40rollup/rollup-linux-x64-musl@4.0.0');
    expect(purls({ os: 'darwin', cpu: 'arm64' })).toContain('pkg:npm/%40esbuild/darwin-arm64@0.21.5');
    expect(purls()).toHaveLength(5);
  });

  it('drops what only a skipped package needs (the wasm runtime of a wasm32-only binding), as npm does', () => {
    const wasm = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { rolldown: '1.0.0' } },
        'node_modules/rolldown': { version: '1.0.0', optionalDependencies: { '@rolldown/binding-wasm32-wasi': '1.0.0', '@rolldown/binding-linux-x64-gnu': '1.0.0' } },
        'node_modules/@rolldown/binding-wasm32-wasi': { version: '1.0.0', optional: true, cpu: ['wasm32'], dependencies: { '@napi-rs/wasm-runtime': '1.0.0' } },
        'node_modules/@rolldown/binding-linux-x64-gnu': { version: '1.0.0', optional: true, os: ['linux'], cpu: ['x64'] },
        'node_modules/@napi-rs/wasm-runtime': { version: '1.0.0', optional: true, dependencies: { '@tybys/wasm-util': '0.10.0' } },
        'node_modules/@tybys/wasm-util': { version: '0.10.0', optional: true },
      },
    };
    const tree = parseNpmLockfile(JSON.stringify(wasm), 'l');
    const list = (platform?: { os: string; cpu: string; libc?: string }): string[] =>
      (JSON.parse(buildSbom(input({ tree, ...(platform ? { platform } : {}) })).json) as { components: { purl: string }[] }).components.map((c) => c.purl);
    expect(list({ os: 'linux', cpu: 'x64', libc: 'glibc' })).toEqual(['pkg:npm/%40rolldown/binding-linux-x64-gnu@1.0.0', 'pkg:npm/rolldown@1.0.0']);
    expect(list({ os: 'wasi', cpu: 'wasm32' })).toContain('pkg:npm/%40tybys/wasm-util@0.10.0');
    expect(list()).toHaveLength(5);
  });
});

describe('purls and hashes', () => {
  it('lowercases npm names (purl spec) but keeps the component name', () => {
    expect(npmPurl('JSONStream', '1.3.5')).toBe('pkg:npm/jsonstream@1.3.5');
  });
  it('percent-encodes the scope and version', () => {
    expect(npmPurl('@types/node', '20.1.0+build.1')).toBe('pkg:npm/%40types/node@20.1.0%2Bbuild.1');
    expect(npmPurl('left-pad', '1.3.0')).toBe('pkg:npm/left-pad@1.3.0');
  });
  it('converts every SRI hash it knows and ignores the rest', () => {
    const sha1 = Buffer.from('a'.repeat(20)).toString('base64');
    expect(integrityHashes(`sha1-${sha1} md5-xyz`)).toEqual([['SHA-1', Buffer.from('a'.repeat(20)).toString('hex')]]);
  });
});

describe('scanEndpoints', () => {
  it('finds calls in every dialect, Background, Rule and Outline, deduplicated and sorted', () => {
    const read = (p: string): { path: string; text: string } => ({ path: p, text: readFileSync(path.join(FIXTURES, 'npm-v3', p), 'utf8') });
    const scan = scanEndpoints([read('features/ping.feature'), read('features/fr/paiement.feature')]);
    expect(scan.problems).toEqual([]);
    expect(scan.endpoints.map((e) => `${e.method} ${e.path} ${e.source}`)).toEqual([
      'POST /v1/payments features/fr/paiement.feature:6',
      'GET /v1/ping features/ping.feature:7',
      'POST /v1/users features/ping.feature:19',
      'GET /v1/users/{id} features/ping.feature:12',
    ]);
  });
  it('reports a file that does not parse instead of guessing', () => {
    const scan = scanEndpoints([{ path: 'features/bad.feature', text: 'Feature: a\n  Scenario: y\n    When I call GET /a\nFeature: b\n' }]);
    expect(scan.problems[0]).toMatch(/^features\/bad\.feature: /);
  });
});
