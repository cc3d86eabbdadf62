// deploy-report.json: what an auditor reads to see how a release reached (or did not reach) staging.
// Schema: schemas/deploy-report.schema.json. Every attempt, every health sample, each decision with
// its reason, the final state and which release serves.
import type { HealthPolicy, HealthSample } from './health.js';
import type { AttemptOutcomeKind, DeployDecision } from './policy.js';
import type { DeployTargetName, ReleaseRef, ServingRelease } from './ports.js';
import type { MeasuredUsage, ResourceSettings } from './resources.js';

/** 2: `resources.measured.peakRssMb` renamed `peakRssMi` (it always was MiB); v1 documents are still read. */
export const DEPLOY_REPORT_SCHEMA_VERSION = 2;

export interface SmokeResult {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly passed: boolean;
}

export interface AttemptRecord {
  readonly number: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly endpoint: string | null;
  readonly outcome: AttemptOutcomeKind;
  readonly reason: string;
  readonly healthSamples: readonly HealthSample[];
  readonly promoted: boolean;
  readonly smoke: SmokeResult | null;
  readonly usage: MeasuredUsage | null;
  readonly decision: DeployDecision;
}

export type FinalState = 'serving-new-release' | 'rolled-back' | 'nothing-serving' | 'dry-run';

export interface DeployReport {
  readonly schemaVersion: number;
  readonly target: DeployTargetName;
  readonly release: ReleaseRef & { readonly artifact: string; readonly sha256: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly stagingUrl: string;
  readonly policy: {
    readonly retries: number;
    readonly retryIntervalSeconds: number;
    readonly health: HealthPolicy;
    readonly smoke: string | null;
  };
  readonly resources: {
    readonly requests: ResourceSettings['requests'];
    readonly limits: ResourceSettings['limits'];
    readonly source: ResourceSettings['source'];
    readonly measured: MeasuredUsage | null;
  };
  /** What served staging before this deploy: the rollback target, recorded before any switch. */
  readonly previous: ServingRelease | null;
  readonly attempts: readonly AttemptRecord[];
  readonly decision: DeployDecision;
  readonly success: boolean;
  readonly rolledBack: boolean;
  readonly final: { readonly state: FinalState; readonly serving: ReleaseRef | null; readonly reason: string };
}

/** Final state and serving release that follow from the last decision. */
export function finalFromDecision(decision: DeployDecision, release: ReleaseRef, previous: ServingRelease | null): DeployReport['final'] {
  switch (decision.action) {
    case 'declare-success':
      return { state: 'serving-new-release', serving: { releaseId: release.releaseId, runId: release.runId, featureSha: release.featureSha }, reason: decision.reason };
    case 'roll-back':
      return { state: 'rolled-back', serving: previous === null ? null : { releaseId: previous.releaseId, runId: previous.runId, featureSha: previous.featureSha }, reason: decision.reason };
    case 'nothing-serving':
      return { state: 'nothing-serving', serving: null, reason: decision.reason };
    case 'retry':
      throw new RangeError('a deploy cannot end on a retry decision');
  }
}

/** The usage figure the report shows: the successful attempt's, else the last measured one. */
export function reportUsage(attempts: readonly AttemptRecord[]): MeasuredUsage | null {
  const winner = attempts.find((a) => a.outcome === 'succeeded' && a.usage !== null);
  return winner?.usage ?? [...attempts].reverse().find((a) => a.usage !== null)?.usage ?? null;
}
