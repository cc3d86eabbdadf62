// The platform npm would install for here: `os` and `cpu` as Node reports them and, on Linux, the
// C library (musl systems ship /lib/ld-musl-<arch>.so.1; everything else is glibc).
import { readdirSync } from 'node:fs';
import { arch, platform } from 'node:os';
import type { InstallPlatform } from '../../core/security/lockfile.js';

export function currentPlatform(): InstallPlatform {
  const os = platform();
  if (os !== 'linux') return { os, cpu: arch() };
  let musl = false;
  try {
    musl = readdirSync('/lib').some((f) => f.startsWith('ld-musl-'));
  } catch {
    // No /lib: not a musl layout we know.
  }
  return { os, cpu: arch(), libc: musl ? 'musl' : 'glibc' };
}

/** Parses `linux-x64`, `linux-arm64-musl`, `darwin-arm64` (the --platform option). */
export function parsePlatform(text: string): InstallPlatform | undefined {
  const match = /^([a-z0-9]+)-([a-z0-9]+)(?:-(glibc|musl))?$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { os: match[1], cpu: match[2], ...(match[3] === undefined ? {} : { libc: match[3] }) };
}
