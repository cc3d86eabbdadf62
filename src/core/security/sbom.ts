// Builds the run's CycloneDX 1.6 SBOM from a lockfile tree and the specs' endpoints. Pure and
// deterministic: lists are sorted, the timestamp comes from the caller's clock, and the serial
// number is derived from the content, so the same input always gives the same bytes.
import { createHash } from 'node:crypto';
import { Contrib, Enums, Models, Serialize, Spec, SPDX } from '@cyclonedx/cyclonedx-library';
import { installsOn, type InstallPlatform, type LockedPackage, type LockfileTree } from './lockfile.js';
import type { DeclaredEndpoint } from './endpoints.js';
import type { SourcePackage } from './sources/model.js';

export interface SbomInput {
  /** The npm/pnpm/yarn tree; undefined for a project without a JavaScript lockfile. */
  readonly tree?: LockfileTree;
  /** Packages of the other ecosystems (Python, Go) and imported CycloneDX files, purls already made. */
  readonly foreign?: readonly SourcePackage[];
  /** Include packages only needed for development (scope `optional`). */
  readonly includeDev: boolean;
  /**
   * List only packages npm installs on this platform (platform-specific optional packages such as
   * `@esbuild/darwin-arm64` are skipped elsewhere); undefined lists every locked package.
   */
  readonly platform?: InstallPlatform;
  /** The project as the root component (its package.json name and version). */
  readonly project: { readonly name: string; readonly version: string; readonly purl?: string };
  /** Name of the service the endpoints belong to (config `name`, else the package name). */
  readonly serviceName: string;
  readonly endpoints: readonly DeclaredEndpoint[];
  /** `deploy.health.path`, always served. */
  readonly healthPath: string;
  readonly timestamp: Date;
  readonly toolVersion: string;
}

export interface SbomResult {
  /** The document, two-space indented, newline-terminated. */
  readonly json: string;
  readonly serialNumber: string;
  readonly components: number;
  readonly purls: readonly string[];
}

const enc = (s: string): string => encodeURIComponent(s);

/** Package URL for an npm package: `pkg:npm/%40scope/name@1.2.3`; the purl spec lowercases npm names. */
export function npmPurl(packageName: string, version: string): string {
  const name = packageName.toLowerCase();
  const [scope, bare] = name.startsWith('@') ? [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)] : [undefined, name];
  return `pkg:npm/${scope === undefined ? '' : `${enc(scope)}/`}${enc(bare)}@${enc(version)}`;
}

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

const EMPTY_TREE: LockfileTree = { root: { location: '', name: '', version: '', dev: false, optional: false, requires: [] }, packages: [], edges: new Map() };

/** Locations reachable from the root through `through` (all packages when undefined). */
function reachableFrom(tree: LockfileTree, through: ReadonlySet<string> | undefined): Set<string> {
  const reached = new Set<string>();
  const queue = [''];
  while (queue.length > 0) {
    const at = queue.pop() ?? '';
    for (const target of tree.edges.get(at) ?? []) {
      if ((through === undefined || through.has(target)) && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return reached;
}

/**
 * The packages npm installs here: not dev-only (unless asked) and allowed on the platform. Like
 * npm's own pruning of a failed optional dependency, an optional package that only a skipped one
 * needs goes too (the wasm runtime of a wasm32-only binding): it was reachable before the platform
 * filter and is not after it.
 */
export function installedPackages(tree: LockfileTree, includeDev: boolean, platform: InstallPlatform | undefined): LockedPackage[] {
  const allowed = tree.packages.filter((p) => (includeDev || !p.dev) && (platform === undefined || installsOn(p, platform)));
  if (platform === undefined || allowed.length === tree.packages.length) return allowed;
  const before = reachableFrom(tree, undefined);
  const after = reachableFrom(tree, new Set(allowed.map((p) => p.location)));
  return allowed.filter((p) => !p.optional || !before.has(p.location) || after.has(p.location));
}

export function buildSbom(input: SbomInput): SbomResult {
  const licenseFactory = new Contrib.License.Factories.LicenseFactory(validateSpdxExpression);
  const tree = input.tree ?? EMPTY_TREE;
  const kept = installedPackages(tree, input.includeDev, input.platform);
  const keptLocations = new Set(kept.map((p) => p.location));
  const purlOf = new Map<string, string>(kept.map((p) => [p.location, npmPurl(p.name, p.version)]));
  const rootPurl = input.project.purl ?? npmPurl(input.project.name, input.project.version);
  purlOf.set('', rootPurl);

  // One component per purl: the same name@version installed at several places is one package.
  const instances = new Map<string, LockedPackage[]>();
  for (const p of kept) {
    const purl = purlOf.get(p.location) ?? '';
    instances.set(purl, [...(instances.get(purl) ?? []), p]);
  }

  const bom = new Models.Bom();
  const rootSlash = input.project.name.startsWith('@') ? input.project.name.indexOf('/') : -1;
  const root = new Models.Component(Enums.ComponentType.Application, rootSlash > 0 ? input.project.name.slice(rootSlash + 1) : input.project.name, {
    ...(rootSlash > 0 ? { group: input.project.name.slice(0, rootSlash) } : {}),
    bomRef: rootPurl,
    version: input.project.version,
    purl: rootPurl,
  });
  bom.metadata.component = root;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'specgate', { version: input.toolVersion, bomRef: `specgate@${input.toolVersion}` }),
  );

  const components = new Map<string, Models.Component>();
  for (const [purl, list] of instances) {
    const first = list[0];
    if (first === undefined) continue;
    const scope = list.some((p) => !p.dev && !p.optional) ? Enums.ComponentScope.Required : Enums.ComponentScope.Optional;
    // npm scopes are CycloneDX groups: `@babel/core` is group `@babel`, name `core` (as cyclonedx-npm writes it).
    const slash = first.name.startsWith('@') ? first.name.indexOf('/') : -1;
    const group = slash > 0 ? { group: first.name.slice(0, slash) } : {};
    const name = slash > 0 ? first.name.slice(slash + 1) : first.name;
    const component = new Models.Component(Enums.ComponentType.Library, name, { bomRef: purl, version: first.version, purl, scope, ...group });
    const integrity = list.find((p) => p.integrity !== undefined)?.integrity;
    if (integrity !== undefined) for (const [alg, hex] of integrityHashes(integrity)) component.hashes.set(alg, hex);
    const license = list.find((p) => p.license !== undefined)?.license;
    if (license !== undefined) component.licenses.add(licenseFactory.makeFromString(license));
    components.set(purl, component);
    bom.components.add(component);
  }

  const foreignHashes = addForeign(bom, components, input.foreign ?? [], input.includeDev, rootPurl);

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

  const service = new Models.Service(input.serviceName, { bomRef: `service:${input.serviceName}`, version: input.project.version });
  service.description = 'HTTP endpoints declared by the specs (features/*.feature) and the health check.';
  const endpointLines = [
    ...input.endpoints.map((e) => ({ text: `${e.method} ${e.path}`, path: e.path, source: e.source })),
    { text: `GET ${input.healthPath}`, path: input.healthPath, source: 'specgate.yaml deploy.health.path' },
  ];
  for (const e of endpointLines) service.properties.add(new Models.Property('specgate:endpoint', `${e.text} (${e.source})`));
  bom.services.add(service);

  const normalizer = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6).makeForBom();
  const normalized = normalizer.normalize(bom, { sortLists: true }) as unknown as Record<string, unknown>;
  // The library's Service model has no `endpoints`; the 1.6 schema does, so add them here.
  const services = normalized.services as Record<string, unknown>[] | undefined;
  const endpoints = [...new Set(endpointLines.map((e) => e.path))].sort();
  if (services?.[0] !== undefined) services[0].endpoints = endpoints;
  // A Python lock records one hash per wheel and sdist; the library keeps one per algorithm.
  for (const c of (normalized.components ?? []) as Record<string, unknown>[]) {
    const hashes = foreignHashes.get(String(c['bom-ref']));
    if (hashes !== undefined && hashes.length > 0) c.hashes = hashes;
  }

  const metadata = normalized.metadata as Record<string, unknown>;
  delete metadata.timestamp;
  // One serialisation: the serial number is a hash of the document with the serial and the
  // timestamp left as placeholders (the normalizer's key order is fixed and its lists sorted, so
  // this text is canonical for the content), then both are filled in.
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
  const timestamp = input.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const json = template.replace(`"serialNumber": "${SERIAL}"`, `"serialNumber": "${serialNumber}"`).replace(`"timestamp": "${TIMESTAMP}"`, `"timestamp": "${timestamp}"`);
  return {
    json: `${json}\n`,
    serialNumber,
    components: components.size,
    purls: [...components.keys()].sort(),
  };
}

/** Adds Python/Go/imported packages (one component per purl, npm's win) and returns their full hash lists by purl. */
function addForeign(bom: Models.Bom, components: Map<string, Models.Component>, foreign: readonly SourcePackage[], includeDev: boolean, rootPurl: string): Map<string, SourcePackage['hashes']> {
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
