// A small real base image for image tests: scripts/make-base-image.sh packs a busybox-static rootfs
// into an OCI layout with umoci (Debian packages busybox-static and umoci; scripts/setup.sh installs both).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './cli.js';

/** Creates `<root>/<dir>` as an OCI layout holding `<tag>`: /bin/busybox and /bin/sh → busybox. */
export function makeBaseLayout(root: string, dir = 'images/base', tag = 'latest'): string {
  const layout = path.join(root, dir);
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts/make-base-image.sh'), layout, tag], { stdio: ['ignore', 'ignore', 'pipe'] });
  return layout;
}
