// Staging deployment settings: the local target (supervisor + loopback proxy) or Kubernetes, the
// /healthz policy, the retry and rollback policy of the original report, resource limits and smoke.
// Documented in docs/deploy.md.
import { z } from 'zod';
import { projectPath, seconds } from '../bounds.js';

export const deploySchema = z
  .strictObject({
    target: z.enum(['local', 'kubernetes']).default('local'),
    command: z.string().min(1).optional().describe('Command that starts the service; PORT is set in its environment.'),
    port: z.number().int().min(1).max(65535).default(8787).describe('Stable staging port (loopback).'),
    host: z.string().min(1).default('127.0.0.1'),
    artifacts: z.array(projectPath()).default(['dist']).describe('Build outputs installed into each release.'),
    health: z
      .strictObject({
        path: z.string().startsWith('/').default('/healthz'),
        expectStatus: z.number().int().min(100).max(599).default(200),
        timeoutSeconds: seconds('probe').default(2),
        intervalSeconds: seconds('probe').default(1),
        healthyWithinSeconds: seconds('deployWait').default(30),
        stableSeconds: seconds('deployWait', { allowZero: true })
          .default(3)
          .describe('After its first pass a release must keep passing this long before it receives traffic.'),
      })
      .default({ path: '/healthz', expectStatus: 200, timeoutSeconds: 2, intervalSeconds: 1, healthyWithinSeconds: 30, stableSeconds: 3 }),
    retries: z.number().int().min(0).max(10).default(2),
    retryIntervalSeconds: seconds('deployWait', { allowZero: true }).default(120),
    resources: z
      .strictObject({
        requests: z.strictObject({ cpu: z.number().positive(), memoryMi: z.number().int().positive() }).default({ cpu: 0.1, memoryMi: 128 }),
        limits: z.strictObject({ cpu: z.number().positive(), memoryMi: z.number().int().positive() }).default({ cpu: 0.5, memoryMi: 512 }),
        fromSpecs: z.boolean().default(false).describe('Derive limits from the specs’ declared budgets (peak).'),
      })
      .default({ requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, fromSpecs: false }),
    smoke: z.string().min(1).optional().describe('Smoke command run against STAGING_URL after the switch.'),
    smokeTimeoutSeconds: seconds('command').default(120).describe('The smoke command is killed (and fails) after this long.'),
    kubernetes: z
      .strictObject({
        namespace: z.string().min(1).default('staging'),
        image: z.string().min(1).optional(),
        rolloutTimeoutSeconds: seconds('deployWait').default(120),
        containerPort: z.number().int().min(1).max(65535).default(8080),
        url: z.string().url().optional().describe('Where the cluster exposes staging (for smoke tests and status).'),
        context: z.string().min(1).optional().describe('kubectl context to use (default: the current context).'),
      })
      .optional(),
  })
  .default({
    target: 'local',
    port: 8787,
    host: '127.0.0.1',
    artifacts: ['dist'],
    health: { path: '/healthz', expectStatus: 200, timeoutSeconds: 2, intervalSeconds: 1, healthyWithinSeconds: 30, stableSeconds: 3 },
    smokeTimeoutSeconds: 120,
    retries: 2,
    retryIntervalSeconds: 120,
    resources: { requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, fromSpecs: false },
  });
