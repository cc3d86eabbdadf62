// The Kubernetes target's manifests: Namespace, Deployment and Service rendered from the same
// settings as the local target (resources, /healthz probes) and labelled with the feature SHA and
// run id, so `kubectl get -l` finds what a run deployed; the pod runs non-root with no capabilities.
// Pure: returns objects and file contents.
import { stringify } from 'yaml';
import type { HealthPolicy } from './health.js';
import type { ReleaseRef } from './ports.js';
import type { ResourceSettings } from './resources.js';

export interface KubernetesInput {
  readonly app: string;
  readonly namespace: string;
  readonly image: string;
  readonly release: ReleaseRef;
  readonly resources: ResourceSettings;
  readonly health: HealthPolicy;
  readonly containerPort: number;
  readonly rolloutTimeoutSeconds: number;
  /** Mount the root filesystem read-only (a writable emptyDir serves /tmp). */
  readonly readOnlyRootFilesystem: boolean;
  /** Numeric user/group of the image's `User`, when it has them (runAsNonRoot needs a numeric user). */
  readonly runAs?: { readonly user: number; readonly group?: number };
}

export interface RenderedManifests {
  readonly deploymentName: string;
  readonly namespace: string;
  readonly objects: readonly Record<string, unknown>[];
  /** `{path, content}` for each object, plus the multi-document file `kubectl apply` reads. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
}

/** A DNS-1123 label: lowercase alphanumerics and '-', at most 63 chars, alphanumeric at both ends. */
export function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return label === '' ? 'service' : label;
}

function quantity(r: { cpu: number; memoryMi: number }): { cpu: string; memory: string } {
  return { cpu: `${Math.round(r.cpu * 1000)}m`, memory: `${r.memoryMi}Mi` };
}

type Labels = Readonly<Record<string, string>>;

/** The app's container: least privilege, the release's identity in its environment, probed on /healthz. */
function container(input: KubernetesInput, name: string) {
  const probe = {
    httpGet: { path: input.health.path, port: 'http' },
    timeoutSeconds: Math.max(1, Math.ceil(input.health.timeoutSeconds)),
    periodSeconds: Math.max(1, Math.ceil(input.health.intervalSeconds)),
  };
  return {
    name,
    image: input.image,
    ports: [{ name: 'http', containerPort: input.containerPort, protocol: 'TCP' }],
    env: [
      { name: 'PORT', value: String(input.containerPort) },
      { name: 'SPECGATE_RUN_ID', value: input.release.runId },
      { name: 'SPECGATE_FEATURE_SHA', value: input.release.featureSha },
    ],
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: quantity(input.resources.requests), limits: quantity(input.resources.limits) },
    // Least privilege: no root, no new privileges, no capabilities, read-only root where allowed.
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: input.readOnlyRootFilesystem,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    readinessProbe: { ...probe, failureThreshold: 3 },
    livenessProbe: { ...probe, initialDelaySeconds: Math.ceil(input.health.healthyWithinSeconds), failureThreshold: 3 },
  };
}

function deploymentObject(input: KubernetesInput, name: string, selector: Labels, labels: Labels) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: input.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      // Zero downtime: the old pod serves until the new one is ready.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      progressDeadlineSeconds: Math.max(1, Math.ceil(input.rolloutTimeoutSeconds)),
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            ...(input.runAs === undefined ? {} : { runAsUser: input.runAs.user, ...(input.runAs.group === undefined ? {} : { runAsGroup: input.runAs.group }) }),
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumes: [{ name: 'tmp', emptyDir: {} }],
          containers: [container(input, name)],
        },
      },
    },
  };
}

/** One YAML file per object plus all of them in kubernetes.yaml. No anchors: kubectl and reviewers read plain documents. */
function manifestFiles(objects: readonly object[]): { path: string; content: string }[] {
  const docs = objects.map((o) => stringify(o, { sortMapEntries: true, aliasDuplicateObjects: false }));
  return [
    { path: 'namespace.yaml', content: docs[0] ?? '' },
    { path: 'deployment.yaml', content: docs[1] ?? '' },
    { path: 'service.yaml', content: docs[2] ?? '' },
    { path: 'kubernetes.yaml', content: docs.join('---\n') },
  ];
}

export function renderKubernetesManifests(input: KubernetesInput): RenderedManifests {
  const name = dnsLabel(input.app);
  const selector = { 'app.kubernetes.io/name': name };
  const labels = {
    ...selector,
    'app.kubernetes.io/managed-by': 'specgate',
    'specgate.dev/feature-sha': input.release.featureSha,
    'specgate.dev/run-id': input.release.runId,
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: input.namespace, labels: { 'app.kubernetes.io/managed-by': 'specgate' } } };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: input.namespace, labels },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
  const objects = [namespace, deploymentObject(input, name, selector, labels), service];
  return { deploymentName: name, namespace: input.namespace, objects, files: manifestFiles(objects) };
}
