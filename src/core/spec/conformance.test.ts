// The official Gherkin conformance corpus (test/fixtures/gherkin, copied from cucumber/gherkin at
// UPSTREAM_COMMIT): good files parse cleanly into as many pickles as upstream compiles; bad files
// produce GHERKIN_SYNTAX findings at exactly upstream's error lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseSpecFile } from './analyse.js';

const ROOT = path.resolve(import.meta.dirname, '../../../test/fixtures/gherkin');
const features = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((n) => n.endsWith('.feature'))
    .sort();
interface Envelope {
  readonly pickle?: unknown;
  readonly parseError?: { readonly source: { readonly location: { readonly line: number } } };
}
const ndjson = (file: string): Envelope[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Envelope);

describe('gherkin conformance: good', () => {
  const good = features('good');
  it('has the upstream corpus', () => {
    expect(good.length).toBeGreaterThanOrEqual(40);
    expect(fs.readFileSync(path.join(ROOT, 'UPSTREAM_COMMIT'), 'utf8')).toMatch(/^[0-9a-f]{40}/);
  });
  it.each(good)('%s parses and yields the upstream pickle count', (name) => {
    const file = path.join(ROOT, 'good', name);
    const { model, findings } = analyseSpecFile(`good/${name}`, fs.readFileSync(file));
    expect(findings.filter((f) => f.code === 'GHERKIN_SYNTAX')).toEqual([]);
    expect(model.parsed).toBe(true);
    const expected = ndjson(`${file}.pickles.ndjson`).filter((m) => m.pickle !== undefined).length;
    expect(model.scenarios.reduce((n, s) => n + s.pickles, 0)).toBe(expected);
  });
});

describe('gherkin conformance: bad', () => {
  it.each(features('bad'))('%s yields GHERKIN_SYNTAX at exactly the upstream lines', (name) => {
    const file = path.join(ROOT, 'bad', name);
    const { findings } = analyseSpecFile(`bad/${name}`, fs.readFileSync(file));
    const expected = ndjson(`${file}.errors.ndjson`).map((m) => m.parseError?.source.location.line ?? 0);
    expect(expected.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.code)).toEqual(expected.map(() => 'GHERKIN_SYNTAX'));
    expect(findings.map((f) => f.line)).toEqual([...expected].sort((a, b) => a - b));
  });
});
