// Live scenario progress from cucumber's message stream, fed the way a child's stdout arrives:
// in chunks that split lines, with stray non-JSON lines and retried test cases.
import { describe, expect, it } from 'vitest';
import { scenarioProgress, type ScenarioProgress } from './progress.js';

const line = (message: unknown): string => `${JSON.stringify(message)}\n`;

function stream(): string {
  return [
    line({ meta: { protocolVersion: '24' } }),
    line({ pickle: { id: 'p1', name: 'the service answers a ping', uri: 'a.feature', astNodeIds: [] } }),
    line({ pickle: { id: 'p2', name: 'a second scenario', uri: 'a.feature', astNodeIds: [] } }),
    line({ testCase: { id: 'c1', pickleId: 'p1', testSteps: [] } }),
    line({ testCase: { id: 'c2', pickleId: 'p2', testSteps: [] } }),
    'a log line that is not JSON\n',
    '{"testCaseStarted": not json\n',
    line({ testCaseStarted: { id: 's1', testCaseId: 'c1', attempt: 0 } }),
    line({ testStepFinished: { testCaseStartedId: 's1', testStepResult: { status: 'FAILED', message: '{"testCaseStarted":' } } }),
    line({ testCaseStarted: { id: 's2', testCaseId: 'c1', attempt: 1 } }),
    line({ testCaseStarted: { id: 's3', testCaseId: 'c2', attempt: 0 } }),
  ].join('');
}

describe('scenarioProgress', () => {
  it('reports each scenario once as it starts, with its position, the planned total and its name, whatever the chunking', () => {
    const text = stream();
    for (const size of [1, 7, 64, text.length]) {
      const seen: ScenarioProgress[] = [];
      const feed = scenarioProgress((p) => seen.push(p));
      for (let i = 0; i < text.length; i += size) feed(text.slice(i, i + size));
      expect(seen, `chunk size ${size}`).toEqual([
        { current: 1, total: 2, name: 'the service answers a ping' },
        { current: 2, total: 2, name: 'a second scenario' },
      ]);
    }
  });

  it('a test case it has no plan for still counts, with an empty name, and the total never falls below it', () => {
    const seen: ScenarioProgress[] = [];
    scenarioProgress((p) => seen.push(p))(line({ testCaseStarted: { id: 's1', testCaseId: 'unknown' } }));
    expect(seen).toEqual([{ current: 1, total: 1, name: '' }]);
  });
});
