// The specgate.yaml that `specgate init` writes, generated from the config schema itself: every
// key with its default and its schema description as a comment, optional keys shown commented out.
// Generated rather than hand-written so it can never drift from what the loader accepts.
import { Document, isMap, isScalar, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { configSchema } from '../../core/config/schema.js';
import { defaultConfig } from '../../core/config/parse.js';

/** One line on what each top-level section is for (fields carry their own descriptions). */
const SECTION_NOTES: Record<string, string> = {
  commands: 'Commands the validate and build stages run, from the project root.',
  coverage: 'Coverage gates: below threshold is a warning in sandbox, a failure in compliance.',
  timeouts: 'Limits for stage commands.',
  retention: 'How many runs stay under reports/ before `specgate archive` rotates them.',
  signing: 'Evidence signatures (ECDSA P-256, cosign-compatible). Required in compliance mode.',
  approvers: 'People who may approve a compliance deploy: [{ name, publicKey }] (not the run initiator).',
  sast: 'Static analysis: optional in sandbox, required in compliance.',
  deploy: 'Staging deployment: health checks, retries and automatic rollback.',
  generate: 'Code generation into the spec branch auto/spec-implementation/<feature-sha>.',
};

/** Example values shown for optional keys that have no default. */
const EXAMPLES: Record<string, string> = {
  'commands.lint': 'npm run lint',
  'commands.test': 'npx vitest run --coverage',
  'commands.build': 'npm run build',
  'retention.olderThanDays': '90',
  'signing.key': 'keys/specgate.key.pem',
  'deploy.command': 'node dist/server.js',
  'deploy.smoke': 'curl -fsS "$STAGING_URL/healthz"',
  'generate.command': 'my-agent --spec-dir features --out src/generated',
  'generate.scenarios.app': 'dist/app.js',
  'generate.scenarios.url': 'http://127.0.0.1:8787',
};

type Schema = z.core.$ZodType & { description?: string };

function unwrap(schema: Schema): { inner: Schema; optionalWithoutDefault: boolean } {
  let inner = schema;
  let optionalWithoutDefault = false;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: Schema };
    if (def.type === 'optional' && def.innerType) {
      optionalWithoutDefault = true;
      inner = def.innerType;
    } else if ((def.type === 'default' || def.type === 'prefault') && def.innerType) inner = def.innerType;
    else return { inner, optionalWithoutDefault };
  }
}

function shapeOf(schema: Schema): Record<string, Schema> | undefined {
  const def = unwrap(schema).inner._zod.def as { type: string; shape?: Record<string, Schema> };
  return def.type === 'object' ? def.shape : undefined;
}

function describe(schema: Schema): string | undefined {
  return schema.description ?? unwrap(schema).inner.description;
}

/** `key: example  # description`, so uncommenting the line yields valid YAML at the right indent. */
function entry(key: string, example: string | undefined, description: string | undefined): string {
  const text = `${key}: ${example ?? '...'}`;
  return description === undefined ? text : `${text.padEnd(38)}  # ${description}`;
}

function comment(lines: readonly string[]): string {
  return lines.map((l) => ` ${l}`).join('\n');
}

/** Adds comments to `map` (whose keys follow `shape`) and recurses into nested sections. */
function annotate(map: YAMLMap, shape: Record<string, Schema>, prefix: string, top: boolean): void {
  const optional: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    if (map.has(key) || !unwrap(schema).optionalWithoutDefault) continue;
    const path = `${prefix}${key}`;
    optional.push(entry(key, EXAMPLES[path], describe(schema)));
  }
  map.items.forEach((pair, index) => {
    if (!isScalar(pair.key)) return;
    const key = String(pair.key.value);
    const schema = shape[key];
    if (schema === undefined) return;
    const lines: string[] = [];
    if (top) {
      if (SECTION_NOTES[key]) lines.push(SECTION_NOTES[key]);
      pair.key.spaceBefore = index > 0;
    }
    const own = describe(schema);
    if (own) lines.push(own);
    const nested = shapeOf(schema);
    const value = pair.value;
    if (nested && isMap(value) && value.items.length > 0) annotate(value, nested, `${prefix}${key}.`, false);
    else if (nested) {
      // An empty section: list what it can hold above it, since `key:` with nothing under it is null.
      lines.push(`${key}:`);
      for (const [sub, subSchema] of Object.entries(nested)) {
        lines.push(`  ${entry(sub, EXAMPLES[`${prefix}${key}.${sub}`], describe(subSchema))}`);
      }
    }
    if (index === 0 && optional.length > 0) lines.unshift('optional, no default (uncomment to set):', ...optional);
    if (lines.length > 0) pair.key.commentBefore = comment(lines);
  });
}

function overlay(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const nested = typeof current === 'object' && current !== null && !Array.isArray(current) && typeof value === 'object' && value !== null && !Array.isArray(value);
    out[key] = nested ? overlay(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** The full, commented specgate.yaml for a project called `name`, with the detected stack's values over the defaults. */
export function configTemplate(name: string, overrides: Record<string, unknown> = {}): string {
  const config: Record<string, unknown> = { name, ...overlay(defaultConfig(), overrides) };
  delete config.name;
  const doc = new Document({ name, ...config });
  doc.commentBefore = comment([
    'specgate configuration: every key is shown with its default value.',
    'Reference: schemas/specgate-config.schema.json (editors with YAML language support complete from it).',
    'Modes: sandbox collects warnings and keeps going; compliance is strict and fails fast.',
    'Override per run: specgate run --mode compliance',
  ]);
  const shape = (configSchema._zod.def as { shape: Record<string, Schema> }).shape;
  if (isMap(doc.contents)) annotate(doc.contents, shape, '', true);
  return doc.toString({ lineWidth: 0 });
}
