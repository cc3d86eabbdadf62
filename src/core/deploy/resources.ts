// Resource controls of a staging release: which limits apply (config defaults from the original
// report, or derived from the specs' declared budgets), and how measured usage compares with them.
// Pure; the measurement itself is taken by the supervisor from /proc.
import { RESOURCE_ESTIMATES_SCHEMA_VERSION } from '../spec/estimates.js';

export interface ResourcePair {
  /** Cores. */
  readonly cpu: number;
  /** Mebibytes. */
  readonly memoryMi: number;
}

export interface ResourceSettings {
  readonly requests: ResourcePair;
  readonly limits: ResourcePair;
  /** Where the limits came from, for the report. */
  readonly source: 'config' | 'specs';
}

export interface ResourceMeasurement {
  readonly windowSeconds: number;
  readonly samples: number;
  readonly peakRssBytes: number;
  /** Mean cores over the window: CPU seconds used divided by wall seconds. */
  readonly cpuMean: number;
  /** Highest cores used over any one sampling interval. */
  readonly cpuPeak: number;
  /** Why the supervisor stopped the service, when it did (e.g. memory limit). */
  readonly stoppedFor?: string;
}

const MI = 1024 * 1024;

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function at(doc: unknown, ...keys: string[]): unknown {
  let node = doc;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Peak cpu (cores) and memory (MB) the specs declare, read from resource-estimates.json's totals. */
export function declaredPeak(resourceEstimates: unknown): ResourcePair | undefined {
  // preflight writes totals as { cpu: { sum, peak }, memory: { sum, peak }, ... }; memory in MB, read as Mi.
  const cpu = num(at(resourceEstimates, 'totals', 'cpu', 'peak')) ?? num(at(resourceEstimates, 'totals', 'peak', 'cpu'));
  const memory = num(at(resourceEstimates, 'totals', 'memory', 'peak')) ?? num(at(resourceEstimates, 'totals', 'peak', 'memory'));
  return cpu === undefined || memory === undefined ? undefined : { cpu, memoryMi: Math.ceil(memory) };
}

/**
 * The settings in force. With `fromSpecs`, limits are the specs' declared peak (requests never exceed
 * them); without a readable peak the config limits stay, and the caller reports that.
 */
export function effectiveResources(
  config: { readonly requests: ResourcePair; readonly limits: ResourcePair; readonly fromSpecs: boolean },
  resourceEstimates: unknown,
): ResourceSettings {
  const peak = config.fromSpecs ? declaredPeak(resourceEstimates) : undefined;
  if (peak === undefined) return { requests: config.requests, limits: config.limits, source: 'config' };
  return {
    limits: peak,
    requests: { cpu: Math.min(config.requests.cpu, peak.cpu), memoryMi: Math.min(config.requests.memoryMi, peak.memoryMi) },
    source: 'specs',
  };
}

/** Heap cap for Node services: three quarters of the memory limit, leaving room for code and buffers. */
export function nodeHeapMi(limits: ResourcePair): number {
  return Math.max(16, Math.floor(limits.memoryMi * 0.75));
}

export interface MeasuredUsage {
  /** Peak RSS in MiB (2^20 bytes), like every memory figure (`memoryMi`); deploy-report v1 called it `peakRssMb`. */
  readonly peakRssMi: number;
  readonly cpuMean: number;
  readonly cpuPeak: number;
  readonly windowSeconds: number;
  readonly samples: number;
  readonly limits: ResourcePair;
  readonly withinLimits: { readonly memory: boolean; readonly cpu: boolean; readonly all: boolean };
  readonly stoppedFor?: string;
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Measured usage next to the limits, "within limits" computed from the numbers. */
export function compareWithLimits(measurement: ResourceMeasurement, limits: ResourcePair): MeasuredUsage {
  const peakRssMi = round(measurement.peakRssBytes / MI, 1);
  const memory = measurement.peakRssBytes <= limits.memoryMi * MI && measurement.stoppedFor === undefined;
  const cpu = measurement.cpuPeak <= limits.cpu;
  return {
    peakRssMi,
    cpuMean: round(measurement.cpuMean, 3),
    cpuPeak: round(measurement.cpuPeak, 3),
    windowSeconds: round(measurement.windowSeconds, 1),
    samples: measurement.samples,
    limits,
    withinLimits: { memory, cpu, all: memory && cpu },
    ...(measurement.stoppedFor === undefined ? {} : { stoppedFor: measurement.stoppedFor }),
  };
}

/**
 * resource-estimates.json with a `measured` field beside the declared budgets. The rest of the
 * document (written by the preflight stage) is kept as it is.
 */
export function withMeasuredUsage(
  resourceEstimatesDoc: Readonly<Record<string, unknown>>,
  measurement: { readonly usage: MeasuredUsage; readonly releaseId: string; readonly measuredAt: string },
): Record<string, unknown> {
  const declared = declaredPeak(resourceEstimatesDoc);
  const { usage } = measurement;
  return {
    ...resourceEstimatesDoc,
    // The measured block below is the 1.1.0 shape (peakRssMi), whatever version preflight wrote.
    schemaVersion: RESOURCE_ESTIMATES_SCHEMA_VERSION,
    measured: {
      releaseId: measurement.releaseId,
      measuredAt: measurement.measuredAt,
      windowSeconds: usage.windowSeconds,
      samples: usage.samples,
      peakRssMi: usage.peakRssMi,
      cpuMean: usage.cpuMean,
      cpuPeak: usage.cpuPeak,
      limits: usage.limits,
      withinLimits: usage.withinLimits.all,
      withinLimitsDetail: usage.withinLimits,
      ...(declared === undefined
        ? {}
        : {
            declaredPeak: declared,
            withinDeclared: usage.peakRssMi <= declared.memoryMi && usage.cpuPeak <= declared.cpu,
          }),
      ...(usage.stoppedFor === undefined ? {} : { stoppedFor: usage.stoppedFor }),
    },
  };
}
