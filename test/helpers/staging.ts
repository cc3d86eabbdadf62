// A staging status as `specgate status --json` reports it, for dashboard tests that inject the
// staging port instead of starting a supervisor.
import type { StagingStatus } from '../../src/app/deploy/status.js';

export const SERVING: StagingStatus = {
  state: 'serving',
  healthy: true,
  stagingUrl: 'http://127.0.0.1:8787',
  supervisor: { pid: 10, running: true },
  serving: { releaseId: 'rel-20260101090000', runId: '20260101090000', featureSha: '2918efd63b57', since: '2026-01-01T09:01:30Z', pid: 11, port: 8788, restarts: 2, health: { checkedAt: '2026-01-07T10:00:00Z', status: 200, latencyMs: 4 } },
  previous: null,
  message: 'serving',
};
