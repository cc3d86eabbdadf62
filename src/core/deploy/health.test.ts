import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthPolicy, type HealthSample } from './health.js';

const policy: HealthPolicy = { path: '/healthz', expectStatus: 200, timeoutSeconds: 1, intervalSeconds: 0.5, healthyWithinSeconds: 10, stableSeconds: 2 };

function samples(...spec: [elapsedMs: number, status: number | null][]): HealthSample[] {
  return spec.map(([elapsedMs, status]) => ({ time: new Date(elapsedMs).toISOString(), elapsedMs, status, latencyMs: 1, ok: status === 200 }));
}

describe('assessHealth', () => {
  it('waits while nothing passed and the deadline is ahead', () => {
    expect(assessHealth(samples([0, null], [500, 503]), policy, 600)).toEqual({ state: 'pending' });
  });

  it('needs the stable window after the first pass', () => {
    const s = samples([0, 200], [1000, 200]);
    expect(assessHealth(s, policy, 1000).state).toBe('pending');
    const healthy = assessHealth([...s, ...samples([2000, 200])], policy, 2000);
    expect(healthy.state).toBe('healthy');
    expect(healthy.state === 'healthy' && healthy.reason).toContain('3 time(s) in a row');
  });

  it('restarts the stable window after a failure', () => {
    const s = samples([0, 200], [1000, 503], [1500, 200], [3000, 200]);
    expect(assessHealth(s, policy, 3000).state).toBe('pending');
    expect(assessHealth([...s, ...samples([3500, 200])], policy, 3500).state).toBe('healthy');
  });

  it('gives up after healthyWithinSeconds and names the last failure', () => {
    const verdict = assessHealth(samples([0, null], [9000, 503]), policy, 10_000);
    expect(verdict.state).toBe('unhealthy');
    expect(verdict.state === 'unhealthy' && verdict.reason).toContain('HTTP 503');
  });

  it('tells a service that passed but did not stay healthy from one that never passed', () => {
    const verdict = assessHealth(samples([0, 200], [9500, 503]), policy, 10_000);
    expect(verdict.state === 'unhealthy' && verdict.reason).toContain('did not stay healthy');
  });

  it('with stableSeconds 0 the first pass is enough', () => {
    expect(assessHealth(samples([0, 200]), { ...policy, stableSeconds: 0 }, 0).state).toBe('healthy');
  });

  it('only the expected status passes', () => {
    const s: HealthSample[] = [{ time: 't', elapsedMs: 0, status: 204, latencyMs: 1, ok: false }];
    expect(assessHealth(s, { ...policy, healthyWithinSeconds: 0.001 }, 5).state).toBe('unhealthy');
  });
});
