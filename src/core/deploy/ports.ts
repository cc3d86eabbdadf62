// The deploy domain's ports: a target that can run a release beside what serves staging now and
// switch traffic to it, and a probe that asks a service for its health. The attempt loop in
// src/app/deploy/deploy.ts drives any target through these, so local and Kubernetes share one
// retry/rollback policy and one report.
import type { HealthSample } from './health.js';
import type { ResourceMeasurement } from './resources.js';

export type DeployTargetName = 'local' | 'kubernetes';

/** What is deployed: one run's release. */
export interface ReleaseRef {
  /** `.specgate/releases/<releaseId>/` for the local target; the run id. */
  readonly releaseId: string;
  readonly runId: string;
  readonly featureSha: string;
}

/** What serves staging and since when. */
export interface ServingRelease extends ReleaseRef {
  readonly since: string;
}

/** A started release that has not been judged yet. */
export interface Candidate {
  readonly release: ReleaseRef;
  readonly attempt: number;
  /** Where the candidate answers directly (before any switch), for the report. */
  readonly endpoint: string;
}

export type ReadinessOutcome =
  | { readonly kind: 'healthy'; readonly reason: string }
  | { readonly kind: 'unhealthy' | 'crashed' | 'memory-limit' | 'start-failed'; readonly reason: string };

export interface DeployTarget {
  readonly name: DeployTargetName;
  /** The URL smoke tests and `status` use: the stable staging address. */
  readonly stagingUrl: string;
  /** What serves staging now (the rollback target), or undefined when nothing does. */
  current(): Promise<ServingRelease | undefined>;
  /** Starts the release beside what serves now; what serves keeps serving. */
  start(release: ReleaseRef, attempt: number): Promise<Candidate>;
  /** Watches the candidate until it is healthy (and stayed so) or has failed; reports every sample. */
  awaitHealthy(candidate: Candidate, onSample: (sample: HealthSample) => void): Promise<ReadinessOutcome>;
  /** Sends staging traffic to the candidate. The previous release keeps running until `finish`. */
  promote(candidate: Candidate): Promise<void>;
  /** The candidate failed: stop it and make sure the previous release, if any, serves again. */
  abandon(candidate: Candidate): Promise<void>;
  /** The candidate is the new staging release: retire the one before it. */
  finish(candidate: Candidate): Promise<void>;
  /** Resource usage of the candidate over its health and smoke window, when the target can measure it. */
  usage(candidate: Candidate): Promise<ResourceMeasurement | undefined>;
  /** Nothing serves any more (first deploy failed): release what the target holds. */
  clear(): Promise<void>;
}

/** One GET of a health URL. Never throws: a refused connection is a sample with no status. */
export interface HealthProbe {
  probe(url: string, timeoutMs: number): Promise<{ readonly status: number | null; readonly latencyMs: number; readonly error?: string }>;
}
