import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, type AttemptSummary } from './policy.js';

const policy = { retries: 2, retryIntervalSeconds: 120 };
const failed = (number: number, outcome: AttemptSummary['outcome'] = 'unhealthy'): AttemptSummary => ({ number, outcome, reason: `attempt ${number} broke` });

describe('decideAfterAttempt', () => {
  it('declares success as soon as an attempt succeeds', () => {
    const d = decideAfterAttempt(policy, [failed(1), { number: 2, outcome: 'succeeded', reason: 'smoke passed' }], 'r0');
    expect(d.action).toBe('declare-success');
    expect(d.reason).toContain('attempt 2');
  });

  it('retries after the configured interval while retries are left (2 retries = 3 attempts)', () => {
    const first = decideAfterAttempt(policy, [failed(1)], 'r0');
    expect(first).toMatchObject({ action: 'retry', waitSeconds: 120, nextAttempt: 2 });
    expect(first.reason).toContain('2 of 2 retries left');
    const second = decideAfterAttempt(policy, [failed(1), failed(2, 'crashed')], 'r0');
    expect(second).toMatchObject({ action: 'retry', nextAttempt: 3 });
    expect(second.reason).toContain('crashed');
  });

  it('rolls back to the previous release once every attempt failed', () => {
    const d = decideAfterAttempt(policy, [failed(1), failed(2), failed(3, 'smoke-failed')], 'r0');
    expect(d).toMatchObject({ action: 'roll-back', servingRelease: 'r0' });
    expect(d.reason).toContain('all 3 attempt(s) failed');
    expect(d.reason).toContain('smoke-failed');
  });

  it('says nothing serves when there is no previous release', () => {
    const d = decideAfterAttempt({ retries: 0, retryIntervalSeconds: 0 }, [failed(1, 'memory-limit')], undefined);
    expect(d.action).toBe('nothing-serving');
    expect(d.reason).toContain('no previous release');
  });

  it('never retries with zero retries', () => {
    expect(decideAfterAttempt({ retries: 0, retryIntervalSeconds: 5 }, [failed(1)], 'r0').action).toBe('roll-back');
  });

  it('refuses to decide without an attempt', () => {
    expect(() => decideAfterAttempt(policy, [], undefined)).toThrow(RangeError);
  });
});
