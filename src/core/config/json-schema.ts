// The published JSON Schema of specgate.yaml, derived from the one zod schema so they cannot drift
// (a test compares it with schemas/specgate-config.schema.json; `npm run schemas` rewrites it).
import { z } from 'zod';
import { configSchema } from './schema.js';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'https://specgate.dev/schemas/specgate-config.schema.json',
    title: 'specgate.yaml',
    description: 'Configuration of a specgate project. Every key is optional; defaults are documented per key.',
  };
}
