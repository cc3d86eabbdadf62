// The release archive the deploy stage installs: GNU tar with every source of nondeterminism
// pinned (sorted names, mtime 0, owner/group 0, normalised modes) piped through `gzip -n` (no name,
// no timestamp), so the same tree always gives the same bytes — and the same sha256 in the
// manifest. Produced in memory: nothing is written outside the run directory.
import { spawn } from 'node:child_process';

export const TAR_ARGS = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--mode=u+rw,go-w', '--format=gnu', '-cf', '-'];

/** Packs `paths` (relative to `root`, already checked to stay inside it) into a .tar.gz buffer. */
export function packDeterministic(root: string, paths: readonly string[], signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', [...TAR_ARGS, '--', ...paths], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { LC_ALL: 'C', PATH: '/usr/bin:/bin' } });
    const gzip = spawn('gzip', ['-n', '-9'], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    const chunks: Buffer[] = [];
    let stderr = '';
    const codes: { tar?: number | null; gzip?: number | null } = {};
    const onAbort = (): void => {
      tar.kill('SIGKILL');
      gzip.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    tar.stdout.pipe(gzip.stdin);
    tar.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    gzip.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    gzip.stdout.on('data', (c: Buffer) => chunks.push(c));
    const settle = (): void => {
      if (!('tar' in codes) || !('gzip' in codes)) return;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(new Error('packing interrupted'));
      else if (codes.tar !== 0 || codes.gzip !== 0) reject(new Error(`tar exited ${codes.tar ?? 'by signal'}, gzip exited ${codes.gzip ?? 'by signal'}: ${stderr.trim()}`));
      else resolve(Buffer.concat(chunks));
    };
    tar.on('error', reject);
    gzip.on('error', reject);
    tar.on('close', (code) => {
      codes.tar = code;
      settle();
    });
    gzip.on('close', (code) => {
      codes.gzip = code;
      settle();
    });
  });
}
