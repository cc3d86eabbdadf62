// Builds the run's CycloneDX 1.6 SBOM from a lockfile tree and the specs' endpoints. Pure and
// deterministic: lists are sorted, the timestamp comes from the caller's clock, and the serial
// number is derived from the content, so the same input always gives the same bytes.
import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import { installsOn, type InstallPlatform, type LockedPackage, type LockfileTree } from './lockfile.js';
import type { DeclaredEndpoint } from './endpoints.js';
import type { SourcePackage } from './sources/model.js';
import { addForeign, addNpmComponents, groupAndName, linkDependencies, serializeBom } from './sbom-parts.js';

export { contentUuid, integrityHashes, validateSpdxExpression } from './sbom-parts.js';

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
  const tree = input.tree ?? EMPTY_TREE;
  const kept = installedPackages(tree, input.includeDev, input.platform);
  const rootPurl = input.project.purl ?? npmPurl(input.project.name, input.project.version);
  const purlOf = new Map<string, string>([...kept.map((p): [string, string] => [p.location, npmPurl(p.name, p.version)]), ['', rootPurl]]);
  const { bom, root } = bomWithRoot(input, rootPurl);
  const components = addNpmComponents(bom, kept, purlOf);
  const foreignHashes = addForeign(bom, components, input.foreign ?? [], input.includeDev, rootPurl);
  linkDependencies(tree, new Set(kept.map((p) => p.location)), purlOf, root, components);
  const endpoints = addService(bom, input);
  const { json, serialNumber } = serializeBom(bom, endpoints, foreignHashes, input.timestamp);
  return { json: `${json}\n`, serialNumber, components: components.size, purls: [...components.keys()].sort() };
}

/** The document with the project as its root component and specgate as the tool. */
function bomWithRoot(input: SbomInput, rootPurl: string): { bom: Models.Bom; root: Models.Component } {
  const bom = new Models.Bom();
  const root = new Models.Component(Enums.ComponentType.Application, ...groupAndName(input.project.name, { bomRef: rootPurl, version: input.project.version, purl: rootPurl }));
  bom.metadata.component = root;
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'specgate', { version: input.toolVersion, bomRef: `specgate@${input.toolVersion}` }));
  return { bom, root };
}

/** The service with every endpoint the specs declare and the health check; returns the endpoint paths. */
function addService(bom: Models.Bom, input: SbomInput): string[] {
  const service = new Models.Service(input.serviceName, { bomRef: `service:${input.serviceName}`, version: input.project.version });
  service.description = 'HTTP endpoints declared by the specs (features/*.feature) and the health check.';
  const lines = [
    ...input.endpoints.map((e) => ({ text: `${e.method} ${e.path}`, path: e.path, source: e.source })),
    { text: `GET ${input.healthPath}`, path: input.healthPath, source: 'specgate.yaml deploy.health.path' },
  ];
  for (const e of lines) service.properties.add(new Models.Property('specgate:endpoint', `${e.text} (${e.source})`));
  bom.services.add(service);
  return lines.map((e) => e.path);
}
