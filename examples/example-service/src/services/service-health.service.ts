// Service for feature Service health (features/health.feature).
// Created once by 'specgate generate' and never overwritten: this file is yours.
import type { ApiRequest, ApiResponse } from "../generated/http.js";
import type { ServiceHealthPort } from "../generated/service-health/port.js";

export interface BuildInfo {
  /** Service name reported by ping. */
  readonly service: string;
  /** Commit the running build came from (GIT_COMMIT at start), or "unknown". */
  readonly commit: string;
  /** Feature SHA and release of the specgate run that deployed it (SPECGATE_FEATURE_SHA, SPECGATE_RELEASE). */
  readonly featureSha?: string;
  readonly release?: string;
}

export class ServiceHealthService implements ServiceHealthPort {
  constructor(private readonly build: BuildInfo) {}

  // GET /healthz
  getHealthz(_request: ApiRequest): Promise<ApiResponse> {
    return Promise.resolve({ status: 200, body: { status: 'ok' } });
  }

  // GET /v1/ping
  getV1Ping(_request: ApiRequest): Promise<ApiResponse> {
    const { service, commit, featureSha, release } = this.build;
    return Promise.resolve({
      status: 200,
      body: { pong: true, service, commit, ...(featureSha === undefined ? {} : { featureSha }), ...(release === undefined ? {} : { release }) },
    });
  }
}
