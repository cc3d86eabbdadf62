// HealthProbe over plain HTTP: one GET, no keep-alive (each sample is a fresh connection, as a load
// balancer's check would be), a hard timeout, and never a throw.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HealthProbe } from '../../core/deploy/ports.js';

export const httpHealthProbe: HealthProbe = {
  probe(url, timeoutMs) {
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (status: number | null, error?: string): void => {
        if (settled) return;
        settled = true;
        resolve({ status, latencyMs: Math.round((performance.now() - started) * 10) / 10, ...(error === undefined ? {} : { error }) });
      };
      const request = http.get(url, { agent: false, timeout: timeoutMs, headers: { 'user-agent': 'specgate-health' } }, (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? null));
        response.on('error', (error) => done(null, error.message));
      });
      request.on('timeout', () => {
        request.destroy();
        done(null, `no response within ${timeoutMs} ms`);
      });
      request.on('error', (error: NodeJS.ErrnoException) => done(null, error.code ?? error.message));
    });
  },
};
