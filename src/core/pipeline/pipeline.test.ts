import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { renderJUnit, xmlEscape } from './junit.js';
import { selectStages } from './select.js';
import { exitCodeForRun, nextStageRuns, runStatusOf } from './status.js';

const ORDER = ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit'] as const;

describe('selectStages', () => {
  it('keeps pipeline order whatever order --stages lists', () => {
    expect(selectStages(ORDER, { stages: ['build', 'preflight'] })).toEqual(['preflight', 'build']);
  });
  it('narrows with --from and --until', () => {
    expect(selectStages(ORDER, { from: 'generate', until: 'deploy' })).toEqual(['generate', 'build', 'deploy']);
    expect(selectStages(ORDER, {})).toEqual([...ORDER]);
  });
  it('rejects unknown stages and inverted ranges as usage errors', () => {
    expect(() => selectStages(ORDER, { stages: ['deploi'] })).toThrowError(UsageError);
    expect(() => selectStages(ORDER, { from: 'deploy', until: 'preflight' })).toThrowError(/comes after/);
    expect(() => selectStages(ORDER, { stages: ['audit'], until: 'build' })).toThrowError(/empty/);
  });
});

describe('run status', () => {
  it('takes the worst stage outcome', () => {
    expect(runStatusOf(['success', 'warning', 'skipped'])).toBe('warning');
    expect(runStatusOf(['success', 'blocked'])).toBe('blocked');
    expect(runStatusOf(['warning', 'failure', 'blocked'])).toBe('failure');
    expect(runStatusOf(['success', 'skipped'])).toBe('success');
  });
  it('maps to docs/contracts.md §8 exit codes', () => {
    expect(exitCodeForRun('warning')).toBe(0);
    expect(exitCodeForRun('failure')).toBe(1);
    expect(exitCodeForRun('awaiting-approval')).toBe(3);
    expect(exitCodeForRun('interrupted')).toBe(130);
  });
  it('stops after a failure; only sandbox still audits', () => {
    expect(nextStageRuns('sandbox', undefined, 'build')).toBe(true);
    expect(nextStageRuns('sandbox', 'failure', 'build')).toBe(false);
    expect(nextStageRuns('sandbox', 'failure', 'audit')).toBe(true);
    expect(nextStageRuns('compliance', 'failure', 'audit')).toBe(false);
  });
});

describe('JUnit XML', () => {
  it('escapes spec-controlled text and forbidden characters', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD');
  });
  it('renders one testcase per stage with failure, skip and blocked elements', () => {
    const xml = renderJUnit({
      name: 'run 20250924140440',
      timestamp: '2025-09-24T14:04:40Z',
      stages: [
        { name: 'preflight', status: 'success', durationMs: 120, summary: 'ok' },
        { name: 'generate', status: 'warning', durationMs: 0, summary: 'branch -v2' },
        { name: 'validate', status: 'failure', durationMs: 2000, summary: 'coverage 60% < 70%' },
        { name: 'deploy', status: 'blocked', durationMs: 0, summary: 'awaiting approval' },
        { name: 'audit', status: 'skipped', durationMs: 0, summary: 'after failure' },
      ],
    });
    expect(xml).toContain('tests="5" failures="1" errors="1" skipped="1" time="2.120"');
    // A stage with warnings is distinguishable from a plain pass.
    expect(xml).toContain('<testcase classname="specgate.pipeline" name="generate" time="0.000">\n      <properties>\n        <property name="specgate.status" value="warning"/>');
    expect(xml).toContain('<system-out>WARNING: branch -v2</system-out>');
    expect(xml).toContain('<property name="specgate.warnings" value="1"/>');
    expect(xml).toContain('<testcase classname="specgate.pipeline" name="preflight" time="0.120"/>');
    expect(xml).toContain('<failure message="coverage 60% &lt; 70%" type="gate">');
    expect(xml).toContain('<error message="awaiting approval" type="blocked">');
    expect(xml).toContain('<skipped message="after failure"/>');
  });
});
