// `specgate sbom` and the build stage: reads the project's lockfile, package.json and specs and
// builds the CycloneDX SBOM. Reads only; the caller decides where the document goes.
import * as path from 'node:path';
import { SpecError } from '../../core/spec/errors.js';
import { discoverSpecs, readSpecs } from '../spec/discover.js';
import type { Clock, FileSystem } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { SbomError } from '../../core/security/errors.js';
import { parseNpmLockfile, type InstallPlatform, type LockfileTree } from '../../core/security/lockfile.js';
import type { EndpointScan } from '../../core/security/endpoints.js';
import { buildSbom, type SbomResult } from '../../core/security/sbom.js';
import type { GatheredSources } from './sbom-sources.js';

export interface GenerateSbomOptions {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly root: string;
  readonly config: SpecgateConfig;
  readonly includeDev: boolean;
  readonly toolVersion: string;
  /** Whose installed tree to describe: a platform or `all` locked packages (the shell passes this machine's by default). */
  readonly platform: InstallPlatform | 'all';
}

export interface GeneratedSbom extends SbomResult {
  /** The sources read, relative to the root, comma-separated (e.g. `package-lock.json, poetry.lock`). */
  readonly lockfile: string;
  /** The same, as a list: lockfiles first, then sbom.import files. */
  readonly sources: readonly string[];
  readonly warnings: readonly string[];
}

/** npm's own precedence (a shrinkwrap wins over package-lock.json), then pnpm, then yarn. */
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];
const UNSUPPORTED_LOCKFILES = ['bun.lock', 'bun.lockb'];

async function findLockfile(fs: FileSystem, root: string): Promise<string | undefined> {
  for (const name of LOCKFILES) if ((await fs.stat(path.join(root, name)))?.kind === 'file') return name;
  for (const name of UNSUPPORTED_LOCKFILES) {
    if ((await fs.stat(path.join(root, name)))?.kind === 'file') {
      throw new SbomError('LOCKFILE_UNSUPPORTED', `${name} is not supported; specgate reads package-lock.json (v2/v3), npm-shrinkwrap.json, pnpm-lock.yaml (6/9) and yarn.lock (v1)`, {
        path: name,
        hint: 'generate a package-lock.json beside it with `npm install --package-lock-only` and run again',
      });
    }
  }
  return undefined;
}

function noSources(root: string): SbomError {
  return new SbomError('LOCKFILE_MISSING', `no lockfile in ${root}`, {
    path: root,
    hint:
      'an SBOM needs pinned versions: package-lock.json (`npm install --package-lock-only`), poetry.lock, uv.lock, Pipfile.lock, ' +
      'requirements*.txt with == pins (`pip freeze > requirements.txt`), go.mod with go.sum, or CycloneDX files in sbom.import',
  });
}

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

async function readPackageJson(fs: FileSystem, root: string): Promise<PackageJson> {
  const pkgPath = path.join(root, 'package.json');
  if ((await fs.stat(pkgPath))?.kind !== 'file') return {};
  try {
    const pkg = JSON.parse(await fs.readText(pkgPath)) as unknown;
    return typeof pkg === 'object' && pkg !== null ? pkg : {};
  } catch (error) {
    throw new SbomError('LOCKFILE_INVALID', 'package.json is not valid JSON', { path: 'package.json', cause: error, hint: 'fix package.json' });
  }
}

async function readTree(fs: FileSystem, root: string, lockfile: string, pkg: PackageJson): Promise<LockfileTree> {
  const text = await fs.readText(path.join(root, lockfile));
  const name = typeof pkg.name === 'string' ? pkg.name : path.basename(root);
  const version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  if (lockfile === 'pnpm-lock.yaml') return (await import('../../core/security/lockfile-pnpm.js')).parsePnpmLockfile(text, lockfile, name, version);
  if (lockfile === 'yarn.lock') {
    const { parseYarnLockfile } = await import('../../core/security/lockfile-yarn.js');
    return parseYarnLockfile(text, lockfile, {
      name,
      version,
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
      ...(pkg.optionalDependencies ? { optionalDependencies: pkg.optionalDependencies } : {}),
      ...(pkg.devDependencies ? { devDependencies: pkg.devDependencies } : {}),
    });
  }
  return parseNpmLockfile(text, lockfile);
}

/**
 * Every `.feature` file under the configured spec paths (the same discovery as preflight), as
 * relative POSIX paths, sorted. A project without specs still gets an SBOM: no spec endpoints.
 */
export async function listFeatureFiles(fs: FileSystem, root: string, specPaths: readonly string[]): Promise<string[]> {
  let found: string[];
  try {
    found = await discoverSpecs(fs, root, specPaths);
  } catch (error) {
    if (error instanceof SpecError && error.code === 'SPEC_PATH_NOT_FOUND') return [];
    throw error;
  }
  return found.map((absolute) => path.relative(root, absolute).split(path.sep).join('/')).sort();
}

/**
 * pnpm and yarn lockfiles record no licenses: read them from the installed packages when the
 * project is installed (hoisted `node_modules/<name>` or pnpm's `.pnpm/<name>@<version>` store),
 * and only from a package.json whose version is the locked one.
 */
async function withInstalledLicenses(fs: FileSystem, root: string, tree: LockfileTree): Promise<LockfileTree> {
  if (tree.packages.every((p) => p.license !== undefined)) return tree;
  if ((await fs.stat(path.join(root, 'node_modules')))?.kind !== 'directory') return tree;
  const licenseOf = async (name: string, version: string): Promise<string | undefined> => {
    const candidates = [
      path.join(root, 'node_modules', name, 'package.json'),
      path.join(root, 'node_modules', '.pnpm', `${name.replace('/', '+')}@${version}`, 'node_modules', name, 'package.json'),
    ];
    for (const file of candidates) {
      try {
        const manifest = JSON.parse(await fs.readText(file)) as { version?: unknown; license?: unknown };
        if (manifest.version !== version) continue;
        if (typeof manifest.license === 'string' && manifest.license.trim() !== '') return manifest.license.trim();
        const legacy = manifest.license as { type?: unknown } | undefined;
        if (typeof legacy?.type === 'string') return legacy.type;
        return undefined;
      } catch {
        // Not installed at this place (or unreadable): try the next layout.
      }
    }
    return undefined;
  };
  const packages = await Promise.all(
    tree.packages.map(async (p) => {
      if (p.license !== undefined) return p;
      const license = await licenseOf(p.name, p.version);
      return license === undefined ? p : { ...p, license };
    }),
  );
  return { ...tree, packages };
}

/** The root component: package.json for JavaScript projects, else what a Python/Go source names, else the folder. */
function projectComponent(pkg: PackageJson, tree: LockfileTree | undefined, named: GatheredSources['project'], folder: string): { name: string; version: string; purl?: string } {
  if (tree !== undefined || typeof pkg.name === 'string') {
    return { name: typeof pkg.name === 'string' ? pkg.name : (tree?.root.name ?? folder), version: typeof pkg.version === 'string' ? pkg.version : (tree?.root.version ?? '0.0.0') };
  }
  if (named !== undefined) return named;
  // No ecosystem names the project: a generic purl, not an npm one it is not.
  return { name: folder, version: '0.0.0', purl: `pkg:generic/${encodeURIComponent(folder)}@0.0.0` };
}

export async function generateSbom(options: GenerateSbomOptions): Promise<GeneratedSbom> {
  const { fs, root, config } = options;
  const lockfile = await findLockfile(fs, root);
  const pkg = await readPackageJson(fs, root);
  const tree = lockfile === undefined ? undefined : await withInstalledLicenses(fs, root, await readTree(fs, root, lockfile, pkg));
  const { gatherSources } = await import('./sbom-sources.js');
  const gathered = await gatherSources(fs, root);
  const imported = config.sbom.import.length === 0 ? { packages: [], warnings: [] } : await (await import('./sbom-import.js')).importCycloneDx(fs, root, config.sbom.import);
  const sources = [...(lockfile === undefined ? [] : [lockfile]), ...gathered.files, ...config.sbom.import];
  if (sources.length === 0) throw noSources(root);
  const project = projectComponent(pkg, tree, gathered.project, path.basename(root));
  const { platform } = options;
  const featureFiles = await listFeatureFiles(fs, root, config.features);
  // The Gherkin parser is loaded only when there are specs to read.
  let scan: EndpointScan = { endpoints: [], problems: [] };
  if (featureFiles.length > 0) {
    const { scanEndpoints } = await import('../../core/security/endpoints.js');
    // Same confined, bounded reads as preflight: specs are untrusted input.
    const decoder = new TextDecoder();
    scan = scanEndpoints(await readSpecs(fs, root, featureFiles.map((p) => path.join(root, p)), (s) => ({ path: s.path, text: decoder.decode(s.bytes) })));
  }
  const result = buildSbom({
    ...(tree === undefined ? {} : { tree }),
    foreign: [...gathered.packages, ...imported.packages],
    includeDev: options.includeDev,
    ...(platform === 'all' ? {} : { platform }),
    project,
    serviceName: config.name ?? project.name,
    endpoints: scan.endpoints,
    healthPath: config.deploy.health.path,
    timestamp: options.clock.now(),
    toolVersion: options.toolVersion,
  });
  const warnings = [...gathered.warnings, ...imported.warnings, ...scan.problems.map((p) => `endpoints not read from ${p}`)];
  return { ...result, lockfile: sources.join(', '), sources, warnings };
}
