import { describe, expect, it } from 'vitest';
import { compareWithLimits, declaredPeak, effectiveResources, nodeHeapMi, withMeasuredUsage } from './resources.js';

const config = { requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, fromSpecs: false };
// The shape the preflight stage writes (src/core/spec/estimates.ts).
const estimates = { schemaVersion: 1, totals: { cpu: { sum: 1.5, peak: 0.25 }, memory: { sum: 900, peak: 300 }, storage: { sum: 10, peak: 10 } } };
const MI = 1024 * 1024;

describe('resource settings', () => {
  it('defaults to the original report: 0.1–0.5 CPU, 128–512 Mi', () => {
    expect(effectiveResources(config, estimates)).toEqual({ requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, source: 'config' });
  });

  it('derives limits from the specs’ declared peak when fromSpecs is set', () => {
    expect(declaredPeak(estimates)).toEqual({ cpu: 0.25, memoryMi: 300 });
    expect(effectiveResources({ ...config, fromSpecs: true }, estimates)).toEqual({ requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.25, memoryMi: 300 }, source: 'specs' });
  });

  it('keeps requests at or below derived limits', () => {
    const small = { totals: { cpu: { peak: 0.05 }, memory: { peak: 64 } } };
    expect(effectiveResources({ ...config, fromSpecs: true }, small).requests).toEqual({ cpu: 0.05, memoryMi: 64 });
  });

  it('falls back to the config when the estimates have no peak', () => {
    expect(effectiveResources({ ...config, fromSpecs: true }, { totals: {} }).source).toBe('config');
  });

  it('caps the Node heap below the memory limit', () => {
    expect(nodeHeapMi({ cpu: 0.5, memoryMi: 512 })).toBe(384);
  });
});

describe('measured usage', () => {
  const limits = { cpu: 0.5, memoryMi: 128 };
  it('computes "within limits" from the numbers', () => {
    const ok = compareWithLimits({ windowSeconds: 3, samples: 30, peakRssBytes: 60 * MI, cpuMean: 0.05, cpuPeak: 0.2 }, limits);
    expect(ok).toMatchObject({ peakRssMi: 60, cpuMean: 0.05, cpuPeak: 0.2, withinLimits: { memory: true, cpu: true, all: true } });
    const hot = compareWithLimits({ windowSeconds: 3, samples: 30, peakRssBytes: 60 * MI, cpuMean: 0.4, cpuPeak: 0.9 }, limits);
    expect(hot.withinLimits).toEqual({ memory: true, cpu: false, all: false });
    const fat = compareWithLimits({ windowSeconds: 3, samples: 30, peakRssBytes: 129 * MI, cpuMean: 0.1, cpuPeak: 0.1 }, limits);
    expect(fat.withinLimits.memory).toBe(false);
  });

  it('a service stopped by the watchdog is never within limits', () => {
    const stopped = compareWithLimits({ windowSeconds: 1, samples: 5, peakRssBytes: 100 * MI, cpuMean: 0, cpuPeak: 0, stoppedFor: 'memory limit exceeded' }, limits);
    expect(stopped.withinLimits.memory).toBe(false);
    expect(stopped.stoppedFor).toBe('memory limit exceeded');
  });

  it('adds `measured` beside the declared budgets and keeps the rest of the document', () => {
    const usage = compareWithLimits({ windowSeconds: 2, samples: 20, peakRssBytes: 200 * MI, cpuMean: 0.1, cpuPeak: 0.3 }, { cpu: 0.5, memoryMi: 512 });
    const doc = withMeasuredUsage(estimates, { usage, releaseId: '20260101000000', measuredAt: '2026-01-01T00:00:05Z' });
    expect(doc.totals).toEqual(estimates.totals);
    expect(doc.measured).toMatchObject({ peakRssMi: 200, withinLimits: true, declaredPeak: { cpu: 0.25, memoryMi: 300 }, withinDeclared: false });
    expect(estimates).not.toHaveProperty('measured');
  });
});
