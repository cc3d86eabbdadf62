// Golden test: cucumber messages recorded from a real run (test/fixtures/generate/messages) and the
// per-pickle results expected from them, plus the edge cases a recorded run rarely shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnvelopes, pickleResults } from './messages.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/generate/messages');
const ndjson = fs.readFileSync(path.join(DIR, 'demo.ndjson'), 'utf8');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'demo.expected.json'), 'utf8')) as unknown[];

describe('pickleResults', () => {
  it('derives one result per pickle from a recorded run', () => {
    const results = pickleResults(parseEnvelopes(ndjson), (uri) => uri);
    expect(
      results.map((r) => ({
        scenario: r.scenario,
        line: r.line,
        ...(r.example === undefined ? {} : { example: r.example }),
        status: r.status,
        error: r.error !== undefined,
      })),
    ).toEqual(expected);
    for (const r of results) {
      expect(r).toMatchObject({ feature: 'Demo', file: 'features/demo.feature' });
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(results.find((r) => r.status === 'failed')!.error).toContain('expected status 500, got 200');
  });

  it('names the step that failed first, with its keyword and line (outline rows with the substituted text)', () => {
    const results = pickleResults(parseEnvelopes(ndjson), (uri) => uri);
    const failing = (name: string, example?: number) => results.find((r) => r.scenario === name && r.example === example)!;
    expect(failing('wrong status fails')).toMatchObject({ step: 'Then I receive a 500 Internal Server Error response', stepLine: 35 });
    expect(failing('nobody defined this step')).toMatchObject({ step: 'Then the moon is made of cheese', stepLine: 39 });
    expect(failing('pending project step')).toMatchObject({ step: 'Then the ledger balances', stepLine: 43 });
    expect(failing('rows run separately', 1)).toMatchObject({ step: 'Then I receive a 200 response', stepLine: 51 });
    for (const r of results.filter((x) => x.status === 'passed')) expect(r.step).toBeUndefined();
  });

  it('skips lines that are not messages', () => {
    const noisy = `a log line\n{not json\n${ndjson}\n\n`;
    expect(pickleResults(parseEnvelopes(noisy), (u) => u)).toHaveLength(expected.length);
  });

  it('takes the last attempt of a retried test case', () => {
    const envelopes = parseEnvelopes(ndjson);
    const failing = pickleResults(envelopes, (u) => u).find((r) => r.scenario === 'wrong status fails')!;
    const testCase = envelopes.find((e) => e.testCase?.pickleId === failing.id)!.testCase!;
    const retried = [
      ...envelopes,
      { testCaseStarted: { id: 'retry-1', testCaseId: testCase.id, attempt: 1 } },
      { testStepFinished: { testCaseStartedId: 'retry-1', testStepResult: { status: 'PASSED', duration: { seconds: 0, nanos: 5e6 } } } },
    ];
    const after = pickleResults(retried, (u) => u).find((r) => r.id === failing.id)!;
    expect(after.status).toBe('passed');
    expect(after.durationMs).toBe(5);
    expect(after.error).toBeUndefined();
  });

  it('leaves out pickles a tag expression did not select, and maps paths to the project', () => {
    const envelopes = parseEnvelopes(ndjson);
    const first = pickleResults(envelopes, (u) => u)[0]!;
    const kept = envelopes.filter((e) => e.testCase === undefined || e.testCase.pickleId === first.id);
    const results = pickleResults(kept, (uri) => `project/${uri}`);
    expect(results).toHaveLength(1);
    expect(results[0]!.file).toBe('project/features/demo.feature');
  });
});
