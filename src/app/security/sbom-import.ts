// `sbom.import`: CycloneDX JSON documents other tools wrote (image scanners, ecosystems specgate
// has no reader for). Each is checked against the official CycloneDX schema of its specVersion
// before a single component is taken from it; a bad file stops the SBOM with the schema error.
import type { FileSystem } from '../../core/ports.js';
import { SbomError } from '../../core/security/errors.js';
import { sortHashes, type SourceHash, type SourcePackage } from '../../core/security/sources/model.js';
import { confined, readBounded } from './sbom-sources.js';
import { isRecord, type JsonObject } from '../../core/data.js';

type Json = JsonObject;
const HASH_ALGS = new Set<SourceHash['alg']>(['SHA-256', 'SHA-384', 'SHA-512', 'MD5', 'SHA-1']);

/** The official-schema errors of a CycloneDX JSON document (first five), or [] when it is valid. */
export async function cycloneDxSchemaErrors(doc: unknown, text: string): Promise<string[]> {
  const version = isRecord(doc) && typeof doc.specVersion === 'string' ? doc.specVersion : '';
  if (!isRecord(doc) || doc.bomFormat !== 'CycloneDX') return ['/bomFormat must be "CycloneDX"'];
  const { Validation, Spec } = await import('@cyclonedx/cyclonedx-library');
  const spec = Spec.Version[`v${version.replace('.', 'dot')}` as keyof typeof Spec.Version] as (typeof Spec.Version)[keyof typeof Spec.Version] | undefined;
  if (spec === undefined) return [`/specVersion "${version}" is not a CycloneDX version this library knows (1.2 – 1.6)`];
  const errors: unknown = await new Validation.JsonStrictValidator(spec).validate(text);
  if (errors === null) return [];
  const list = Array.isArray(errors) ? (errors as { instancePath?: string; message?: string }[]) : [];
  return list.length === 0 ? ['invalid'] : list.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}

function flatten(components: unknown): Json[] {
  if (!Array.isArray(components)) return [];
  return components.filter(isRecord).flatMap((c) => [c, ...flatten(c.components)]);
}

function toPackage(c: Json, file: string): SourcePackage | undefined {
  if (typeof c.purl !== 'string' || typeof c.name !== 'string') return undefined;
  const hashes = (Array.isArray(c.hashes) ? c.hashes : [])
    .filter(isRecord)
    .filter((h): h is { alg: SourceHash['alg']; content: string } => HASH_ALGS.has(h.alg as SourceHash['alg']) && typeof h.content === 'string')
    .map((h) => ({ alg: h.alg, content: h.content.toLowerCase() }));
  const name = typeof c.group === 'string' && c.group !== '' ? `${c.group}/${c.name}` : c.name;
  const scope = typeof c.scope === 'string' ? c.scope : 'required';
  return { purl: c.purl, name, version: typeof c.version === 'string' ? c.version : '', hashes: sortHashes(hashes), dev: false, optional: scope !== 'required', source: file };
}

export async function importCycloneDx(fs: FileSystem, root: string, files: readonly string[]): Promise<{ packages: SourcePackage[]; warnings: string[] }> {
  const packages: SourcePackage[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const text = await readBounded(fs, confined(root, file, 'sbom.import'), file);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new SbomError('LOCKFILE_INVALID', `sbom.import: ${file} is not valid JSON`, { path: file, cause: error, hint: 'import CycloneDX JSON documents only' });
    }
    const problems = await cycloneDxSchemaErrors(doc, text);
    if (problems.length > 0) {
      throw new SbomError('LOCKFILE_INVALID', `sbom.import: ${file} fails the CycloneDX schema: ${problems.join('; ')}`, {
        path: file,
        hint: 'fix or regenerate the document (it must validate against the official CycloneDX JSON schema), or remove it from sbom.import',
      });
    }
    let unnamed = 0;
    for (const c of flatten((doc as Json).components)) {
      const pkg = toPackage(c, file);
      if (pkg === undefined) unnamed += 1;
      else packages.push(pkg);
    }
    if (unnamed > 0) warnings.push(`sbom.import: ${file}: ${unnamed} component(s) without a purl left out`);
  }
  return { packages, warnings };
}
