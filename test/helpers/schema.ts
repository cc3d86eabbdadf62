// Validates real output against the JSON Schemas published in schemas/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from './cli.js';

// ajv-formats ships CommonJS; under NodeNext its default export sits one level down.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/** Throws with ajv's errors unless `document` is valid against schemas/<name>.schema.json. */
export function expectValid(name: string, document: unknown): void {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as { $id: string };
  const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
  if (!validate(document)) throw new Error(`${name}: ${JSON.stringify(validate.errors, null, 2)}`);
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
