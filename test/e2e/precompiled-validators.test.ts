// The standalone validators the build generates (scripts/gen-validators.mjs → dist/generated) must
// judge evidence exactly as compiling the published schemas at run time does: same verdict on real
// run files and on the same files broken.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { REPO_ROOT } from '../helpers/cli.js';
import type * as FastNs from '../../src/app/config-fast.js';
import type * as ParseNs from '../../src/core/config/parse.js';

type FastModule = typeof FastNs;
type ParseModule = typeof ParseNs;

const require = createRequire(import.meta.url);
/** The one port fastConfig needs: it reads the shipped schema for the key order. */
const schemaReader = { readText: (file: string) => fs.promises.readFile(file, 'utf8') };
const RUN = path.join(REPO_ROOT, 'test/fixtures/runs/good/2918efd63b57/20260103090000');
const GENERATED = path.join(REPO_ROOT, 'dist/generated');
type Validate = ((doc: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv2020 = (Ajv2020Module as unknown as { default: new (o: object) => { compile(s: object): Validate } }).default;
const addFormats = (addFormatsModule as unknown as { default: (ajv: unknown) => void }).default;

const CASES: [schema: string, file: string][] = [
  ['manifest.schema.json', 'manifest.json'],
  ['spec-validation-report.schema.json', 'spec-validation-report.json'],
  ['resource-estimates.schema.json', 'resource-estimates.json'],
  ['spec-coverage.schema.json', 'spec-coverage.json'],
];

/** The document, and the same document with its first required key removed. */
function goodAndBroken(file: string): [unknown, unknown] {
  const doc = JSON.parse(fs.readFileSync(path.join(RUN, file), 'utf8')) as Record<string, unknown>;
  const broken = { ...doc };
  delete broken[Object.keys(doc)[0]!];
  return [doc, broken];
}

describe('precompiled evidence validators', () => {
  it.each(CASES)('%s: same verdicts as compiling the schema at run time', (schema, file) => {
    const index = require(path.join(GENERATED, 'evidence-validators.cjs')) as Record<string, () => Validate>;
    const generated = index[schema]!();
    const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    const runtime = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', schema), 'utf8')) as object);
    const [good, broken] = goodAndBroken(file);
    expect([generated(good), generated(broken)]).toEqual([runtime(good), runtime(broken)]);
    expect(generated(broken)).toBe(false);
  });

  it('CycloneDX 1.6: same verdicts as the library\'s strict validator', async () => {
    const generated = require(path.join(GENERATED, 'cyclonedx-1.6.cjs')) as Validate;
    const library = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    const doc = JSON.parse(fs.readFileSync(path.join(RUN, 'sbom.cyclonedx.json'), 'utf8')) as Record<string, unknown>;
    const broken = { ...doc, components: [{ type: 'not-a-type', name: 'x' }] };
    expect(generated(doc)).toBe(true);
    expect(await library.validate(JSON.stringify(doc))).toBeNull();
    expect(generated(broken)).toBe(false);
    expect(await library.validate(JSON.stringify(broken))).not.toBeNull();
  });
});

describe('precompiled specgate.yaml validator (the config fast path)', () => {
  const configs = execFileSync('git', ['ls-files', '*specgate.yaml'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

  it.each(configs)('%s: the fast path gives the config zod gives', async (file) => {
    const { fastConfig } = (await import(path.join(REPO_ROOT, 'dist/app/config-fast.js'))) as FastModule;
    const { parseConfig } = (await import(path.join(REPO_ROOT, 'dist/core/config/parse.js'))) as ParseModule;
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const zod = parseConfig(text, file);
    const fast = await fastConfig(schemaReader, text);
    expect(zod.config).toBeDefined();
    expect(fast?.config).toStrictEqual(zod.config);
    expect((await fastConfig(schemaReader, text, 'compliance'))?.mode).toBe('compliance');
  });

  it('leaves unknown keys, invalid values and YAML errors to the zod path', async () => {
    const { fastConfig } = (await import(path.join(REPO_ROOT, 'dist/app/config-fast.js'))) as FastModule;
    expect(await fastConfig(schemaReader, 'mode: sandbox\n')).toBeDefined();
    expect(await fastConfig(schemaReader, 'mode: sandbox\nfeaturez: [a]\n')).toBeUndefined();
    expect(await fastConfig(schemaReader, 'mode: strict\n')).toBeUndefined();
    expect(await fastConfig(schemaReader, 'coverage:\n  threshold: 170\n')).toBeUndefined();
    expect(await fastConfig(schemaReader, 'mode: [\n')).toBeUndefined();
    expect(await fastConfig(schemaReader, 'mode: sandbox\nmode: compliance\n')).toBeUndefined();
    expect(await fastConfig(schemaReader, '- a\n- b\n')).toBeUndefined();
  });
});
