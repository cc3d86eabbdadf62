// Regenerates the JSON Schemas derived from code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/core/config/json-schema.js';

writeFileSync(new URL('../schemas/specgate-config.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/specgate-config.schema.json');
