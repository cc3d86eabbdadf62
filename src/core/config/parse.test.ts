import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { configJsonSchema } from './json-schema.js';
import { DEFAULT_CONFIG } from './defaults.js';

describe('parseConfig', () => {
  it('fills every default for an empty file', () => {
    const { config, errors } = parseConfig('', 'specgate.yaml');
    expect(errors).toEqual([]);
    expect(config?.mode).toBe('sandbox');
    expect(config?.coverage.threshold).toBe(70);
    expect(config?.deploy.retries).toBe(2);
    expect(config?.deploy.retryIntervalSeconds).toBe(120);
    expect(config?.deploy.health.path).toBe('/healthz');
    expect(config?.deploy.resources.limits).toEqual({ cpu: 0.5, memoryMi: 512 });
  });

  it('reports a YAML syntax error at its line and column', () => {
    const { config, errors } = parseConfig('name: demo\nmode: [sandbox\n', 'specgate.yaml');
    expect(config).toBeUndefined();
    expect(errors[0]).toMatchObject({ file: 'specgate.yaml', code: 'CONFIG_SYNTAX' });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports a wrong type at the line of the value', () => {
    const text = 'name: demo\ncoverage:\n  threshold: "high"\n';
    const { config, errors } = parseConfig(text, 'specgate.yaml');
    expect(config).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column: 14, code: 'CONFIG_INVALID' });
    expect(errors[0]!.message).toMatch(/^coverage\.threshold: /);
  });

  it('collects every problem, not just the first', () => {
    const text = 'mode: strict\ncoverage:\n  threshold: 170\ndeploy:\n  retries: -1\n';
    const { errors } = parseConfig(text, 'specgate.yaml');
    expect(errors.map((e) => e.line)).toEqual([1, 3, 5]);
  });

  it('warns about unknown keys in sandbox and keeps going', () => {
    const text = 'name: demo\ncoverge:\n  threshold: 80\ndeploy:\n  prot: 9000\n';
    const { config, errors, warnings } = parseConfig(text, 'specgate.yaml');
    expect(errors).toEqual([]);
    expect(config?.name).toBe('demo');
    expect(warnings.map((w) => [w.line, w.column, w.code])).toEqual([
      [2, 1, 'CONFIG_UNKNOWN_KEY'],
      [5, 3, 'CONFIG_UNKNOWN_KEY'],
    ]);
    expect(warnings[1]!.message).toContain("'deploy.prot'");
  });

  it('makes unknown keys errors in compliance (from the file or the command line)', () => {
    const fromFile = parseConfig('mode: compliance\ncoverge: 1\n', 'specgate.yaml');
    expect(fromFile.config).toBeUndefined();
    expect(fromFile.errors[0]).toMatchObject({ line: 2, code: 'CONFIG_UNKNOWN_KEY' });
    const fromFlag = parseConfig('coverge: 1\n', 'specgate.yaml', 'compliance');
    expect(fromFlag.config).toBeUndefined();
  });

  it('rejects duplicate keys', () => {
    const { errors } = parseConfig('name: a\nname: b\n', 'specgate.yaml');
    expect(errors[0]).toMatchObject({ code: 'CONFIG_SYNTAX', line: 2 });
  });
});

describe('generated defaults', () => {
  it('equal what the schema fills in for an empty file (run `npm run schemas`)', () => {
    expect(DEFAULT_CONFIG).toEqual(parseConfig('', 'specgate.yaml').config);
  });
});

describe('published JSON Schema', () => {
  const published = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '../../../schemas/specgate-config.schema.json'), 'utf8'),
  ) as Record<string, unknown>;

  it('is up to date with the zod schema (run `npm run schemas`)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('accepts a full config and rejects a wrong one', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(published);
    expect(validate({ name: 'x', mode: 'compliance', coverage: { threshold: 80 }, deploy: { retries: 2 } })).toBe(true);
    expect(validate({ mode: 'strict' })).toBe(false);
    expect(validate({ nope: 1 })).toBe(false);
  });
});
