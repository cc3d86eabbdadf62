// A small real base image for image tests: a busybox-static rootfs packed into an OCI layout by
// umoci (Debian packages busybox-static and umoci; scripts/setup.sh installs both).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p)) ?? '/bin/busybox';

function umoci(cwd: string, ...args: string[]): void {
  execFileSync('umoci', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates `<root>/<dir>` as an OCI layout holding `<tag>`: /bin/busybox and /bin/sh → busybox. */
export function makeBaseLayout(root: string, dir = 'images/base', tag = 'latest'): string {
  const layout = path.join(root, dir);
  fs.mkdirSync(path.dirname(layout), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(layout), '.bundle-'));
  try {
    umoci(root, 'init', '--layout', dir);
    umoci(root, 'new', '--image', `${dir}:${tag}`);
    umoci(root, 'unpack', '--rootless', '--image', `${dir}:${tag}`, path.join(work, 'b'));
    fs.mkdirSync(path.join(work, 'b', 'rootfs', 'bin'), { recursive: true });
    fs.copyFileSync(BUSYBOX, path.join(work, 'b', 'rootfs', 'bin', 'busybox'));
    fs.chmodSync(path.join(work, 'b', 'rootfs', 'bin', 'busybox'), 0o755);
    fs.symlinkSync('busybox', path.join(work, 'b', 'rootfs', 'bin', 'sh'));
    umoci(root, 'repack', '--image', `${dir}:${tag}`, path.join(work, 'b'));
    umoci(root, 'config', '--image', `${dir}:${tag}`, '--config.cmd', '/bin/sh');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return layout;
}
