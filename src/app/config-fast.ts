// The happy path of loading specgate.yaml: YAML read by the plain-subset reader (else `yaml`), then checked and completed with
// defaults by the standalone validator the build generates from schemas/specgate-config.schema.json
// (scripts/gen-validators.mjs), so a valid config never loads zod (≈ 40–80 ms of start-up).
// Anything else — a YAML error, an unknown key, an invalid value, or no generated validator
// (running from sources) — returns undefined and the caller takes the zod path, which alone words
// every problem with its line and column. A test holds both paths' configs equal.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Mode, SpecgateConfig } from '../core/config/schema.js';
import type { FileSystem } from '../core/ports.js';
import { parseSimpleYaml } from '../core/config/simple-yaml.js';

const GENERATED = fileURLToPath(new URL('../generated/config-validator.cjs', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../schemas/specgate-config.schema.json', import.meta.url));

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
}

/**
 * `value` with object keys in the schema's order, as zod returns them (the validator appends the
 * defaults it fills): configs from both paths are equal key for key, also when serialised.
 */
function orderLike(value: unknown, schema: SchemaNode | undefined): unknown {
  if (schema === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => orderLike(v, schema.items));
  const record = value as Record<string, unknown>;
  const shape = schema.properties ?? schema.anyOf?.find((s) => s.properties !== undefined)?.properties;
  if (shape === undefined) {
    const inner = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, orderLike(v, inner)]));
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) if (key in record) out[key] = orderLike(record[key], shape[key]);
  return out;
}

type Validate = (data: unknown) => boolean;

function generatedValidator(): Validate | undefined {
  try {
    return createRequire(import.meta.url)(GENERATED) as Validate;
  } catch {
    return undefined;
  }
}

/** Any YAML error: the zod path words it. */
const YAML_ERROR = Symbol('yaml-error');

/**
 * The document, or YAML_ERROR. The plain subset most configs are written in is
 * read without loading `yaml`; anything else goes through `yaml` with the full path's options
 * (duplicate keys are errors), which throws on any error.
 */
async function readYaml(text: string): Promise<unknown> {
  // An empty document is null in both readers: the config is all defaults.
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) return simple;
  const { parse } = await import('yaml');
  try {
    return parse(text, { uniqueKeys: true, prettyErrors: false }) as unknown;
  } catch {
    return YAML_ERROR;
  }
}

/** The config and the mode in force, when `text` is a valid config with no unknown key; `files` reads the shipped schema. */
export async function fastConfig(files: Pick<FileSystem, 'readText'>, text: string, modeOverride?: Mode): Promise<{ config: SpecgateConfig; mode: Mode } | undefined> {
  const validate = generatedValidator();
  if (validate === undefined) return undefined;
  const doc = await readYaml(text);
  if (doc === YAML_ERROR) return undefined;
  const raw = doc ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  // The validator fills defaults in place; an invalid document goes to the full path untouched.
  const candidate = structuredClone(raw);
  if (!validate(candidate)) return undefined;
  const config = orderLike(candidate, JSON.parse(await files.readText(SCHEMA)) as SchemaNode) as SpecgateConfig;
  return { config, mode: modeOverride ?? config.mode };
}
