// The Kubernetes target. There is no cluster here: these tests put a scripted fake `kubectl`
// (test/fixtures/deploy/fake-kubectl) first on PATH and check the exact command sequence, the retry
// and rollback policy and the report. The manifests themselves are checked against the Kubernetes
// API schemas (kubernetes-models validators).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { afterEach, describe, expect, it } from 'vitest';
import { addRun, cleanup, FIXTURES, lastReport, makeProject, type TestProject } from '../fixtures/deploy/harness.js';
import { deployReportErrors } from '../fixtures/deploy/schema.js';

const V1 = '20260101000000';
const V2 = '20260101000100';
const K8S = { target: 'kubernetes', kubernetes: '{ namespace: staging, image: registry.example/app:1.0.0, rolloutTimeoutSeconds: 5 }' };

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

function kubectlEnv(root: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${path.join(FIXTURES, 'fake-kubectl')}:${process.env.PATH ?? ''}`, FAKE_KUBECTL_LOG: path.join(root, 'kubectl.log'), ...extra };
}

function calls(root: string): string[] {
  const log = path.join(root, 'kubectl.log');
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
}

describe('deploy --target kubernetes (scripted kubectl)', () => {
  it('--dry-run writes valid manifests and runs no kubectl', async () => {
    project = await makeProject(K8S);
    addRun(project.root, V1, 'healthy');
    const result = await project.cli(['deploy', '--dry-run'], kubectlEnv(project.root));
    expect(result.code, result.stderr).toBe(0);
    expect(calls(project.root)).toEqual([]);
    const written = result.stdout.split('\n').filter((l) => l.startsWith('wrote ')).map((l) => l.slice(6));
    expect(written.map((f) => path.basename(f)).sort()).toEqual(['deployment.yaml', 'kubernetes.yaml', 'namespace.yaml', 'service.yaml']);
    const all = written.find((f) => f.endsWith('kubernetes.yaml'))!;
    const docs = parseAllDocuments(fs.readFileSync(all, 'utf8')).map((d): Record<string, any> => d.toJS() as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    new Namespace(docs[0]).validate();
    new Deployment(docs[1]).validate();
    new Service(docs[2]).validate();
    expect(docs[1]!.metadata.labels).toMatchObject({ 'specgate.dev/run-id': V1, 'specgate.dev/feature-sha': '0123456789ab' });
    expect(docs[1]!.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(result.stdout).toContain('request 0.1 CPU / 128 Mi, limit 0.5 CPU / 512 Mi');
  });

  it('applies, waits for the rollout, and reports success', async () => {
    project = await makeProject(K8S);
    addRun(project.root, V1, 'healthy');
    const result = await project.cli(['deploy'], kubectlEnv(project.root, { FAKE_KUBECTL_ROLLOUT: 'ok' }));
    expect(result.code, result.stderr).toBe(0);
    const log = calls(project.root);
    expect(log[0]).toBe('get deployment app --namespace staging --output json');
    expect(log[1]).toMatch(/^apply --filename .*\/kubernetes\/kubernetes\.yaml$/);
    expect(log[2]).toBe('rollout status deployment/app --namespace staging --timeout=5s');
    expect(log).toHaveLength(3);
    const report = lastReport(project.root);
    expect(deployReportErrors(report)).toEqual([]);
    expect(report).toMatchObject({ target: 'kubernetes', success: true, previous: null, final: { state: 'serving-new-release' } });
    expect(report.attempts[0].reason).toContain('no smoke command');
  });

  it('a rollout that never completes is undone after each attempt and ends rolled back', async () => {
    project = await makeProject(K8S);
    addRun(project.root, V2, 'healthy');
    const existing = path.join(project.root, 'existing.json');
    fs.writeFileSync(existing, JSON.stringify({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'specgate.dev/run-id': V1, 'specgate.dev/feature-sha': '0123456789ab' } } }));
    const result = await project.cli(['deploy', V2, '--json'], kubectlEnv(project.root, { FAKE_KUBECTL_ROLLOUT: 'fail', FAKE_KUBECTL_EXISTING: existing }));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(deployReportErrors(report)).toEqual([]);
    expect(report.previous).toMatchObject({ releaseId: V1, since: '2026-01-01T00:00:00Z' });
    expect(report.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
    expect(report.attempts[0].reason).toContain('timed out waiting for the condition');
    expect(report.final).toMatchObject({ state: 'rolled-back', serving: { releaseId: V1 } });
    const verbs = calls(project.root).map((c) => c.split(' ').slice(0, 2).join(' '));
    expect(verbs).toEqual(['get deployment', ...Array(3).fill(['apply --filename', 'rollout status', 'rollout undo']).flat()]);
  });

  it('a failed first rollout deletes the deployment: nothing serving', async () => {
    project = await makeProject({ ...K8S, retries: '0' });
    addRun(project.root, V1, 'healthy');
    const result = await project.cli(['deploy'], kubectlEnv(project.root, { FAKE_KUBECTL_ROLLOUT: 'fail' }));
    expect(result.code).toBe(1);
    expect(calls(project.root).at(-1)).toBe('delete deployment app --namespace staging --ignore-not-found');
    expect(lastReport(project.root).final.state).toBe('nothing-serving');
  });

  it('needs deploy.kubernetes.image', async () => {
    project = await makeProject({ target: 'kubernetes' });
    addRun(project.root, V1, 'healthy');
    const result = await project.cli(['deploy', '--dry-run'], kubectlEnv(project.root));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('IMAGE_MISSING');
  });

  it('status reads the deployment: labels, readiness and since', async () => {
    project = await makeProject(K8S);
    const existing = path.join(project.root, 'existing.json');
    fs.writeFileSync(
      existing,
      JSON.stringify({
        metadata: { creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'specgate.dev/run-id': V1, 'specgate.dev/feature-sha': '0123456789ab' } },
        spec: { replicas: 1 },
        status: { readyReplicas: 1, conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }] },
      }),
    );
    const ok = await project.cli(['status', '--json'], kubectlEnv(project.root, { FAKE_KUBECTL_EXISTING: existing }));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ state: 'serving', healthy: true, serving: { runId: V1, featureSha: '0123456789ab', since: '2026-01-01T00:01:00Z' } });
    expect(calls(project.root)).toEqual(['get deployment app --namespace staging --output json']);

    fs.writeFileSync(existing, JSON.stringify({ metadata: { labels: { 'specgate.dev/run-id': V1 } }, spec: { replicas: 1 }, status: { readyReplicas: 0 } }));
    const down = await project.cli(['status'], kubectlEnv(project.root, { FAKE_KUBECTL_EXISTING: existing }));
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('UNHEALTHY (0/1 ready)');

    const none = await project.cli(['status'], kubectlEnv(project.root));
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('nothing serving: no deployment staging/app');
  });
});
