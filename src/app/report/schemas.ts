// Validates evidence documents against the JSON Schemas shipped in `schemas/`. A schema another
// part of specgate has not published yet is reported as "unavailable", never as a pass.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSystem } from '../../core/ports.js';
import type { EvidenceName } from '../../core/report/evidence.js';

/** src/app/report and dist/app/report are both three levels below the package root. */
export const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas');

const SCHEMA_FILES: Partial<Record<EvidenceName, string>> = {
  manifest: 'manifest.schema.json',
  validation: 'spec-validation-report.schema.json',
  coverage: 'spec-coverage.schema.json',
  estimates: 'resource-estimates.schema.json',
  deploy: 'deploy-report.schema.json',
  image: 'image.schema.json',
};

type Validate = ((doc: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/**
 * Standalone validators compiled from these schemas at build time (scripts/gen-validators.mjs):
 * loading one costs a `require`, compiling one cost most of a report's time. Absent when running
 * from sources; then the schema is compiled here.
 */
const GENERATED = fileURLToPath(new URL('../../generated/', import.meta.url));
const requireGenerated = createRequire(GENERATED);

function precompiled(module: string, key?: string): Validate | undefined {
  try {
    const loaded = requireGenerated(path.join(GENERATED, module)) as Record<string, () => Validate> | Validate;
    if (key === undefined) return loaded as Validate;
    return (loaded as Record<string, (() => Validate) | undefined>)[key]?.();
  } catch {
    return undefined;
  }
}
type AjvLike = { compile(schema: object): Validate };
/** Ajv itself loads only when a schema has to be compiled here (no precompiled validator). */
async function compileSchema(schema: { $schema?: string }): Promise<Validate> {
  const [AjvModule, Ajv2020Module, addFormatsModule] = await Promise.all([import('ajv'), import('ajv/dist/2020.js'), import('ajv-formats')]);
  // ajv ships CommonJS; under NodeNext its default export sits one level down.
  const Ajv = (AjvModule as unknown as { default: new (o: object) => AjvLike }).default;
  const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => AjvLike }).default;
  const addFormats = (addFormatsModule as unknown as { default: (ajv: AjvLike) => void }).default;
  const draft2020 = (schema.$schema ?? '').includes('2020-12');
  // logger: false — ajv would otherwise write warnings to the console of the CLI or the server.
  const ajv = draft2020 ? new Ajv2020({ allErrors: true, strict: false, logger: false }) : new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export type SchemaVerdict = { readonly schema: 'valid' | 'invalid' | 'unavailable' | 'not-checked'; readonly problems: readonly string[] };

export class SchemaRegistry {
  private readonly cache = new Map<string, Validate | null>();
  constructor(private readonly fs: FileSystem, private readonly dir: string = SCHEMAS_DIR) {}

  private async validator(name: EvidenceName): Promise<Validate | null | undefined> {
    const file = SCHEMA_FILES[name];
    if (file === undefined) return undefined;
    if (this.cache.has(file)) return this.cache.get(file);
    let compiled: Validate | null = null;
    const generated = this.dir === SCHEMAS_DIR ? precompiled('evidence-validators.cjs', file) : undefined;
    if (generated !== undefined) {
      this.cache.set(file, generated);
      return generated;
    }
    try {
      const schema = JSON.parse(await this.fs.readText(path.join(this.dir, file))) as { $schema?: string };
      compiled = await compileSchema(schema);
    } catch {
      compiled = null; // absent or unusable schema: reported as unavailable
    }
    this.cache.set(file, compiled);
    return compiled;
  }

  private cyclonedx = new Map<string, { validate(json: string): Promise<unknown> } | null>();

  /** CycloneDX documents are checked against the official schema the CycloneDX library ships. */
  private async checkSbom(doc: unknown): Promise<SchemaVerdict> {
    const version = typeof (doc as { specVersion?: unknown } | null)?.specVersion === 'string' ? (doc as { specVersion: string }).specVersion : '';
    // The version specgate writes is precompiled, with the options the library's strict validator uses.
    const generated = version === '1.6' ? precompiled('cyclonedx-1.6.cjs') : undefined;
    if (generated !== undefined) {
      if (generated(doc)) return { schema: 'valid', problems: [] };
      return { schema: 'invalid', problems: (generated.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`) };
    }
    if (!this.cyclonedx.has(version)) {
      const { Validation, Spec } = await import('@cyclonedx/cyclonedx-library');
      const key = `v${version.replace('.', 'dot')}` as keyof typeof Spec.Version;
      const specVersion = Spec.Version[key] as (typeof Spec.Version)[keyof typeof Spec.Version] | undefined;
      this.cyclonedx.set(version, specVersion === undefined ? null : new Validation.JsonStrictValidator(specVersion));
    }
    const validator = this.cyclonedx.get(version);
    if (validator === undefined || validator === null) return { schema: 'invalid', problems: [`unknown CycloneDX specVersion "${version}"`] };
    const errors = await validator.validate(JSON.stringify(doc));
    if (errors === null || errors === undefined) return { schema: 'valid', problems: [] };
    const list = Array.isArray(errors) ? (errors as { instancePath?: string; message?: string }[]) : [];
    return { schema: 'invalid', problems: list.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`) };
  }

  async check(name: EvidenceName, doc: unknown): Promise<SchemaVerdict> {
    if (name === 'sbom') return this.checkSbom(doc);
    const validate = await this.validator(name);
    if (validate === undefined) return { schema: 'not-checked', problems: [] };
    if (validate === null) return { schema: 'unavailable', problems: [] };
    if (validate(doc)) return { schema: 'valid', problems: [] };
    return { schema: 'invalid', problems: (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`) };
  }
}
