// Property tests: whatever bytes, text or tags a user feeds it, the validator returns findings and
// never throws, and every finding points inside the file with a known code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseSpecFile } from './analyse.js';
import { FINDING_CODES } from './findings.js';
import { isResourceTag } from './resource-tag.js';

const FILE = 'features/prop.feature';
const GOOD = path.resolve(import.meta.dirname, '../../../test/fixtures/spec/good');
const seeds = fs
  .readdirSync(GOOD)
  .filter((n) => n.endsWith('.feature'))
  .sort()
  .map((n) => fs.readFileSync(path.join(GOOD, n), 'utf8'));

/** Checks the invariants; returns nothing so fast-check reports the input on any throw. */
function assertWellFormed(bytes: Uint8Array): void {
  const { findings, model } = analyseSpecFile(FILE, bytes);
  // Lines as the parser counts them; only "unexpected end of file" may point one past the last.
  const lines = Buffer.from(bytes).toString('latin1').split('\n').length;
  for (const f of findings) {
    expect(f.file).toBe(FILE);
    expect(FINDING_CODES).toContain(f.code);
    expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    expect(f.message.length).toBeGreaterThan(0);
    if (f.line > lines) {
      expect(f.line).toBe(lines + 1);
      expect(f.code).toBe('GHERKIN_SYNTAX');
      expect(f.message).toMatch(/end of file/);
    }
  }
  expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.constantFrom('@', '|', '"""', '```', '# language: fr', 'Rule:', 'Examples:', 'And x', '@resource:cpu=', ':', '\t', '\r') }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const i = lines.length === 0 ? 0 : m.at % lines.length;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'swap') {
      const j = lines.length === 0 ? 0 : m.with % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    } else {
      const line = lines[i] ?? '';
      const col = line.length === 0 ? 0 : m.at % (line.length + 1);
      lines[i] = `${line.slice(0, col)}${m.text}${line.slice(col)}`;
    }
  }
  return lines.join('\n');
}

describe('validator properties', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => assertWellFormed(bytes)), { numRuns: 500 });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => assertWellFormed(encode(text))), { numRuns: 500 });
  });

  it('never throws on mutated valid features', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 }), (seed, ms) => assertWellFormed(encode(mutate(seed, ms)))),
      { numRuns: 600 },
    );
  });

  it('never throws on arbitrary resource tags, and a tag finding points at the tag', () => {
    const tagBody = fc.string({ unit: fc.constantFrom(...'cpumemorystagey_=,.:-0123456789xé@'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(tagBody, fc.boolean(), (body, onFeature) => {
        const tag = `@resource${body}`;
        const text = onFeature
          ? `${tag}\nFeature: f\n  Scenario: s\n    Given a\n    When b\n    Then c\n`
          : `Feature: f\n  ${tag}\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;
        assertWellFormed(encode(text));
        const { findings } = analyseSpecFile(FILE, encode(text));
        if (!isResourceTag(tag)) {
          expect(findings.map((f) => [f.code, f.line])).toEqual([['RESOURCE_MISSING', 3]]);
          return;
        }
        for (const f of findings.filter((x) => x.code.startsWith('RESOURCE_'))) {
          expect([f.line, f.column]).toEqual(onFeature ? [1, 1] : [2, 3]);
        }
        expect(findings.some((f) => f.code === 'RESOURCE_MISSING')).toBe(false);
      }),
      { numRuns: 800 },
    );
  });

  it('never throws on arbitrary tag lines (Gherkin rejects whitespace in tags)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tags) => assertWellFormed(encode(`@${tags}\nFeature: f\n  Scenario: s\n    Given a\n`))),
      { numRuns: 500 },
    );
  });
});
