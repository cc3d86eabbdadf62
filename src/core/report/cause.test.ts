// Failure first: the cause names the first stage that did not pass, its gate, the log behind it,
// and the failing scenarios — from real fixture evidence and from a run whose lint was not found.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/helpers/cli.js';
import { failureCause } from './cause.js';

const RUNS = path.join(REPO_ROOT, 'test/fixtures/runs/good/2918efd63b57');
const read = (run: string, file: string): unknown => JSON.parse(fs.readFileSync(path.join(RUNS, run, file), 'utf8'));

describe('failureCause', () => {
  it('names the failed deploy and the failed scenario with its error', () => {
    const cause = failureCause(read('20260102090000', 'manifest.json'), read('20260102090000', 'spec-coverage.json'), read('20260102090000', 'spec-validation-report.json'));
    expect(cause?.stage).toBe('deploy');
    expect(cause?.headline).toBe('deploy failed: GET /healthz did not answer 200 within 3 s in 3 attempts; rolled back');
    expect(cause?.scenarios).toMatchObject({ failed: 1, total: 4 });
    expect(cause?.scenarios.rows[0]).toMatchObject({ name: 'Reject an invalid amount', location: 'features/payments.feature:13', example: 0, error: 'expected status 422, got 500' });
  });

  it('is undefined for a passing run', () => {
    expect(failureCause(read('20260103090000', 'manifest.json'), read('20260103090000', 'spec-coverage.json'), undefined)).toBeUndefined();
  });

  it('points at the first failing command and its log, before later gates', () => {
    const manifest = {
      status: 'failure',
      stages: [
        { name: 'preflight', status: 'success', gates: [], artifacts: [] },
        {
          name: 'validate',
          status: 'failure',
          summary: 'lint failed',
          artifacts: ['logs/lint.log', 'logs/test.log'],
          gates: [
            { gate: 'lint', outcome: 'fail', reason: 'lint exited 127 (see logs/lint.log)' },
            { gate: 'test', outcome: 'pass', reason: 'test passed in 2.0s' },
            { gate: 'code coverage', outcome: 'fail', reason: 'no coverage file at coverage/coverage-summary.json' },
          ],
        },
        { name: 'build', status: 'failure', summary: 'dist/app.js does not exist', gates: [], artifacts: ['logs/build.log'] },
      ],
    };
    const cause = failureCause(manifest, undefined, { findings: [{ severity: 'error', file: 'features/a.feature', line: 3, column: 5, code: 'E1', message: 'no steps', scenario: 'Empty' }, { severity: 'warning', code: 'W1' }] });
    expect(cause?.headline).toBe('validate failed: lint exited 127 (see logs/lint.log)');
    expect(cause?.log).toBe('logs/lint.log');
    expect(cause?.gates.map((g) => g.gate)).toEqual(['lint', 'code coverage']);
    expect(cause?.findings).toEqual([{ location: 'features/a.feature:3:5', code: 'E1', message: 'no steps', scenario: 'Empty' }]);
  });

  it('falls back to the stage summary and its own log when a stage threw without gates', () => {
    const manifest = { status: 'failure', stages: [{ name: 'build', status: 'failure', summary: 'build command not found: tsc', gates: [], artifacts: ['logs/build.log', '../escape.log'] }] };
    const cause = failureCause(manifest, undefined, undefined);
    expect(cause?.headline).toBe('build failed: build command not found: tsc');
    expect(cause?.log).toBe('logs/build.log');
  });
});
