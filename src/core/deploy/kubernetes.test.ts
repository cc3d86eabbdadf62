// Rendered manifests are checked against the Kubernetes API's own JSON schemas (the OpenAPI-derived
// validators shipped by the kubernetes-models package), not only against our expectations.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { dnsLabel, renderKubernetesManifests } from './kubernetes.js';

const input = {
  app: 'Payments API',
  namespace: 'staging',
  image: 'registry.example/payments:1.2.3',
  release: { releaseId: '20250924140440', runId: '20250924140440', featureSha: '005cc0262265' },
  resources: { requests: { cpu: 0.1, memoryMi: 128 }, limits: { cpu: 0.5, memoryMi: 512 }, source: 'config' as const },
  health: { path: '/healthz', expectStatus: 200, timeoutSeconds: 2, intervalSeconds: 1, healthyWithinSeconds: 30, stableSeconds: 3 },
  containerPort: 8080,
  rolloutTimeoutSeconds: 120,
  readOnlyRootFilesystem: true,
  runAs: { user: 65532, group: 65532 },
};

describe('renderKubernetesManifests', () => {
  const rendered = renderKubernetesManifests(input);
  // Plain data from YAML: the schemas below are what gives it a type.
  type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const docs: Doc[] = parseAllDocuments(rendered.files.find((f) => f.path === 'kubernetes.yaml')!.content).map((d) => d.toJS() as Doc);

  it('renders Namespace, Deployment and Service that pass the Kubernetes schemas', () => {
    expect(docs.map((d) => String(d.kind))).toEqual(['Namespace', 'Deployment', 'Service']);
    expect(() => new Namespace(docs[0] as ConstructorParameters<typeof Namespace>[0]).validate()).not.toThrow();
    expect(() => new Deployment(docs[1] as ConstructorParameters<typeof Deployment>[0]).validate()).not.toThrow();
    expect(() => new Service(docs[2] as ConstructorParameters<typeof Service>[0]).validate()).not.toThrow();
  });

  it('the schemas do catch a broken manifest (the check can fail)', () => {
    const broken = structuredClone(docs[1]!);
    delete broken.spec.selector;
    expect(() => new Deployment(broken as ConstructorParameters<typeof Deployment>[0]).validate()).toThrow(/selector/);
  });

  it('carries the resources of the original report and /healthz probes', () => {
    const container = docs[1]!.spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(docs[1]!.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
  });

  it('labels everything with the feature SHA and run id', () => {
    for (const doc of docs.slice(1)) {
      expect(doc.metadata.labels['specgate.dev/feature-sha']).toBe('005cc0262265');
      expect(doc.metadata.labels['specgate.dev/run-id']).toBe('20250924140440');
    }
    expect(docs[1]!.metadata.name).toBe('payments-api');
  });

  it('runs the pod non-root with no capabilities and pulls only when absent', () => {
    const pod = docs[1]!.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    // A read-only root still has a writable /tmp.
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    const writable: Doc | undefined = renderKubernetesManifests({ ...input, readOnlyRootFilesystem: false }).objects[1];
    expect(writable!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
  });

  it('is deterministic', () => {
    expect(renderKubernetesManifests(input).files).toEqual(rendered.files);
  });

  it('dnsLabel makes valid DNS-1123 labels', () => {
    expect(dnsLabel('My_App!!')).toBe('my-app');
    expect(dnsLabel('---')).toBe('service');
    expect(dnsLabel('a'.repeat(80))).toHaveLength(63);
  });
});
