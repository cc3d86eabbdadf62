// Loads the vendored SARIF 2.1.0 schema (test/fixtures/schemas) into Ajv for tests.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SCHEMA = path.resolve(import.meta.dirname, '../../../test/fixtures/schemas/sarif-2.1.0-rtm.5.json');
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => void }).default;

/**
 * The official schema declares draft-04 (`id`) but uses no draft-04-only keyword: load it as
 * draft-07. One of its language-tag patterns is not valid under the `u` flag, hence unicodeRegExp.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft04, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id) });
}
