// Which image the Kubernetes target deploys: the run's own image by digest (what was built, signed
// and listed in the SBOM), else deploy.kubernetes.image — which compliance accepts only when it
// pins a digest, because a tag can be moved to other bytes after the approval.
import type { Mode } from '../config/schema.js';
import { DeployError } from '../deploy/errors.js';
import { isDigestReference } from './reference.js';

export interface DeployImage {
  readonly image: string;
  readonly runAs?: { readonly user: number; readonly group?: number };
  /** Where the reference came from, for the report and the dry-run output. */
  readonly source: 'run' | 'config';
}

/** `65532` / `65532:65532` → numbers; a user name gives undefined (the kubelet checks it at start). */
export function numericUser(user: string): DeployImage['runAs'] {
  const match = /^(\d+)(?::(\d+))?$/.exec(user.trim());
  if (match === null) return undefined;
  return { user: Number(match[1]), ...(match[2] === undefined ? {} : { group: Number(match[2]) }) };
}

export function chooseDeployImage(input: { readonly configured?: string; readonly run?: { readonly reference: string; readonly user: string }; readonly mode: Mode }): DeployImage {
  if (input.run !== undefined) {
    const runAs = numericUser(input.run.user);
    return { image: input.run.reference, source: 'run', ...(runAs === undefined ? {} : { runAs }) };
  }
  if (input.configured === undefined) {
    throw new DeployError('IMAGE_MISSING', 'the kubernetes target needs an image: this run built none (build.image) and deploy.kubernetes.image is not set', {
      path: 'specgate.yaml',
      hint: 'configure build.image so each run builds its image (docs/images.md), or set deploy.kubernetes.image to name@sha256:<digest>',
    });
  }
  if (input.mode === 'compliance' && !isDigestReference(input.configured)) {
    throw new DeployError('IMAGE_NOT_PINNED', `deploy.kubernetes.image '${input.configured}' names a tag; compliance deploys only an image pinned by digest`, {
      path: 'specgate.yaml',
      hint: 'configure build.image (the run then deploys its own image by digest), or write the image as name@sha256:<digest>',
    });
  }
  return { image: input.configured, source: 'config' };
}
