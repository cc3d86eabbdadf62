// The steps of buildSbom (sbom.ts): npm and foreign components, the dependency graph, the service
// with its endpoints, and the one canonical serialisation whose content names the serial number.
import { createHash } from 'node:crypto';
import { Contrib, Enums, Models, Serialize, Spec, SPDX } from '@cyclonedx/cyclonedx-library';
import type { LockedPackage, LockfileTree } from './lockfile.js';
import type { SourcePackage } from './sources/model.js';

const HASH_ALGORITHMS: Readonly<Record<string, Enums.HashAlgorithm>> = {
  sha512: Enums.HashAlgorithm['SHA-512'],
  sha384: Enums.HashAlgorithm['SHA-384'],
  sha256: Enums.HashAlgorithm['SHA-256'],
  sha1: Enums.HashAlgorithm['SHA-1'],
};

/** `sha512-<base64> sha1-<base64>` (SRI) → CycloneDX hashes, hex content. */
export function integrityHashes(integrity: string): [Enums.HashAlgorithm, string][] {
  const out: [Enums.HashAlgorithm, string][] = [];
  for (const token of integrity.trim().split(/\s+/)) {
    const dash = token.indexOf('-');
    const alg = HASH_ALGORITHMS[token.slice(0, dash)];
    if (dash <= 0 || alg === undefined) continue;
    const hex = Buffer.from(token.slice(dash + 1).replace(/\?.*$/, ''), 'base64').toString('hex');
    if (hex.length > 0) out.push([alg, hex]);
  }
  return out;
}

/**
 * Accepts `(MIT OR Apache-2.0)`-style expressions whose every operand is a known SPDX id; anything
 * else becomes a named license rather than an expression the schema would reject.
 */
export function validateSpdxExpression(expression: string): void {
  const tokens = expression.replace(/[()]/g, ' ').split(/\s+/).filter((t) => t !== '');
  const operators = new Set(['AND', 'OR', 'WITH']);
  if (!tokens.some((t) => operators.has(t))) throw new RangeError('not a compound expression');
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (operators.has(token)) continue;
    // The operand after WITH is an exception id (e.g. Classpath-exception-2.0), not a license.
    if (tokens[i - 1] === 'WITH' ? !/^[A-Za-z0-9.-]+$/.test(token) : !SPDX.isSupportedSpdxId(token.replace(/\+$/, ''))) {
      throw new RangeError(`unknown SPDX id ${token}`);
    }
  }
}

/** Derives an RFC 4122-shaped (version 5 layout) UUID from a SHA-256 of the content. */
export function contentUuid(content: string): string {
  const b = createHash('sha256').update('specgate-sbom-serial\n').update(content).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Step: one library component per purl (the same name@version installed at several places is one package). */
export function addNpmComponents(bom: Models.Bom, kept: readonly LockedPackage[], purlOf: ReadonlyMap<string, string>): Map<string, Models.Component> {
  const licenseFactory = new Contrib.License.Factories.LicenseFactory(validateSpdxExpression);
  const instances = new Map<string, LockedPackage[]>();
  for (const p of kept) {
    const purl = purlOf.get(p.location) ?? '';
    instances.set(purl, [...(instances.get(purl) ?? []), p]);
  }
  const components = new Map<string, Models.Component>();
  for (const [purl, list] of instances) {
    const first = list[0];
    if (first === undefined) continue;
    const scope = list.some((p) => !p.dev && !p.optional) ? Enums.ComponentScope.Required : Enums.ComponentScope.Optional;
    const component = new Models.Component(Enums.ComponentType.Library, ...groupAndName(first.name, { bomRef: purl, version: first.version, purl, scope }));
    const integrity = list.find((p) => p.integrity !== undefined)?.integrity;
    if (integrity !== undefined) for (const [alg, hex] of integrityHashes(integrity)) component.hashes.set(alg, hex);
    const license = list.find((p) => p.license !== undefined)?.license;
    if (license !== undefined) component.licenses.add(licenseFactory.makeFromString(license));
    components.set(purl, component);
    bom.components.add(component);
  }
  return components;
}

/** npm scopes are CycloneDX groups: `@babel/core` is group `@babel`, name `core` (as cyclonedx-npm writes it). */
export function groupAndName<T extends object>(packageName: string, options: T): [string, T & { group?: string }] {
  const slash = packageName.startsWith('@') ? packageName.indexOf('/') : -1;
  return slash > 0 ? [packageName.slice(slash + 1), { ...options, group: packageName.slice(0, slash) }] : [packageName, options];
}

/** Step: the dependency graph between the components kept (the root included). */
export function linkDependencies(tree: LockfileTree, keptLocations: ReadonlySet<string>, purlOf: ReadonlyMap<string, string>, root: Models.Component, components: ReadonlyMap<string, Models.Component>): void {
  const rootPurl = purlOf.get('');
  const refOf = (purl: string): Models.BomRef | undefined => (purl === rootPurl ? root.bomRef : components.get(purl)?.bomRef);
  for (const [location, targets] of tree.edges) {
    if (location !== '' && !keptLocations.has(location)) continue;
    const from = location === '' ? root : components.get(purlOf.get(location) ?? '');
    if (from === undefined) continue;
    for (const target of targets) {
      if (!keptLocations.has(target)) continue;
      const ref = refOf(purlOf.get(target) ?? '');
      if (ref !== undefined && ref !== from.bomRef) from.dependencies.add(ref);
    }
  }
}

/**
 * Step: one serialisation. The serial number is a hash of the document with the serial and the
 * timestamp left as placeholders (the normalizer's key order is fixed and its lists sorted, so this
 * text is canonical for the content), then both are filled in.
 */
export function serializeBom(bom: Models.Bom, endpoints: readonly string[], foreignHashes: ReadonlyMap<string, SourcePackage['hashes']>, timestamp: Date): { json: string; serialNumber: string } {
  const normalizer = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom();
  const normalized = normalizer.normalize(bom, { sortLists: true }) as unknown as Record<string, unknown>;
  // The library's Service model has no `endpoints`; the 1.6 schema does, so add them here.
  const services = normalized.services as Record<string, unknown>[] | undefined;
  if (services?.[0] !== undefined) services[0].endpoints = [...new Set(endpoints)].sort();
  // A Python lock records one hash per wheel and sdist; the library keeps one per algorithm.
  for (const c of (normalized.components ?? []) as Record<string, unknown>[]) {
    const hashes = foreignHashes.get(String(c['bom-ref']));
    if (hashes !== undefined && hashes.length > 0) c.hashes = hashes;
  }
  const metadata = normalized.metadata as Record<string, unknown>;
  delete metadata.timestamp;
  const SERIAL = 'urn:uuid:00000000-0000-0000-0000-000000000000';
  const TIMESTAMP = '1970-01-01T00:00:00Z';
  const document = {
    $schema: normalized.$schema,
    bomFormat: normalized.bomFormat,
    specVersion: normalized.specVersion,
    serialNumber: SERIAL,
    version: normalized.version,
    metadata: { timestamp: TIMESTAMP, ...metadata },
    components: normalized.components ?? [],
    services: normalized.services ?? [],
    dependencies: normalized.dependencies ?? [],
  };
  const template = JSON.stringify(document, null, 2);
  const serialNumber = contentUuid(template);
  const at = timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const json = template.replace(`"serialNumber": "${SERIAL}"`, `"serialNumber": "${serialNumber}"`).replace(`"timestamp": "${TIMESTAMP}"`, `"timestamp": "${at}"`);
  return { json, serialNumber };
}

/** Adds Python/Go/imported packages (one component per purl, npm's win) and returns their full hash lists by purl. */
export function addForeign(bom: Models.Bom, components: Map<string, Models.Component>, foreign: readonly SourcePackage[], includeDev: boolean, rootPurl: string): Map<string, SourcePackage['hashes']> {
  const byPurl = new Map<string, SourcePackage[]>();
  for (const p of foreign) if ((includeDev || !p.dev) && p.purl !== rootPurl && !components.has(p.purl)) byPurl.set(p.purl, [...(byPurl.get(p.purl) ?? []), p]);
  const hashes = new Map<string, SourcePackage['hashes']>();
  for (const [purl, list] of byPurl) {
    const first = list[0];
    if (first === undefined) continue;
    const required = list.some((p) => !p.dev && !p.optional);
    const component = new Models.Component(Enums.ComponentType.Library, first.name, {
      bomRef: purl,
      version: first.version,
      purl,
      scope: required ? Enums.ComponentScope.Required : Enums.ComponentScope.Optional,
    });
    const all = [...new Map(list.flatMap((p) => p.hashes).map((h) => [`${h.alg}:${h.content}`, h])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, h]) => h);
    for (const h of all) if (!component.hashes.has(h.alg as Enums.HashAlgorithm)) component.hashes.set(h.alg as Enums.HashAlgorithm, h.content);
    const sources = [...new Set(list.map((p) => p.source))].sort();
    for (const source of sources) component.properties.add(new Models.Property('specgate:source', source));
    components.set(purl, component);
    bom.components.add(component);
    hashes.set(purl, all);
  }
  return hashes;
}
