// A full or failing disk mid-run (issue #13 item 11): a clear error (exit 1, the file, what to free),
// never "internal error" with a stack, and the run closed as `interrupted`, not left "running".
// The real thing is a 1 MiB tmpfs filled by a command's output (mount needs root); where mount is
// not allowed (most CI containers) the same pipeline path is driven by a write error injected
// behind the Stage port, so the test asserts something either way and never skips.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePipelineDeps } from '../../src/cli/compose.js';
import { runPipeline } from '../../src/app/pipeline/run.js';
import { formatError } from '../../src/core/errors.js';
import { StorageError } from '../../src/core/storage-errors.js';
import type { Stage } from '../../src/app/pipeline/stage.js';
import { runCli } from '../helpers/cli.js';
import { VALID_FEATURE } from '../helpers/project.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const FLOOD = 'yes 0123456789abcdef0123456789abcdef | head -c 3000000';

/** Every run folder's manifest under reports/. */
function manifests(root: string): { status: string; runId: string }[] {
  const reports = path.join(root, 'reports');
  return fs
    .readdirSync(reports, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('manifest.json') && !f.split(path.sep).includes('latest'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(reports, f), 'utf8')) as { status: string; runId: string });
}

function tryMount(dir: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

async function injectedWriteError(): Promise<void> {
  const root = tempDir('specgate-disk-');
  writeTree(root, { 'specgate.yaml': 'name: demo\n', 'features/ping.feature': VALID_FEATURE });
  const deps = await nodePipelineDeps({ env: process.env, signal: new AbortController().signal, version: '0.0.0-test', emit: () => undefined });
  const failing: Stage = {
    name: 'validate',
    description: 'writes its log onto a full disk',
    run: (ctx) => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: path.join(ctx.run.runDir, 'logs/lint.log') })),
  };
  const stages = new Map(deps.stages);
  stages.set('validate', failing);
  const error: unknown = await runPipeline({ ...deps, stages }, { cwd: root, mode: 'sandbox', until: 'validate', initiator: 'ci' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StorageError);
  const text = formatError(error);
  expect(text).toMatch(/error DISK_FULL: cannot write \S+\/logs\/lint\.log: no space left on the device \(ENOSPC\)\n {2}hint: free space on the filesystem holding /);
  expect(text).not.toMatch(/internal error|\n\s+at /);
  expect(manifests(root).map((m) => m.status)).toEqual(['interrupted']);
}

describe('a full disk mid-run', () => {
  it('ENOSPC behind the Stage port: StorageError DISK_FULL naming the file, run closed as interrupted', injectedWriteError);

  it('a command that fills a 1 MiB tmpfs: exit 1, DISK_FULL naming the log, no stack, run closed as interrupted (injected error where mount is not allowed)', async () => {
    const mnt = tempDir('specgate-tmpfs-');
    const refused = tryMount(mnt);
    if (refused !== undefined) {
      console.log(`tmpfs mount not allowed here (${refused}): asserting through the injected write error`);
      await injectedWriteError();
      return;
    }
    try {
      const root = path.join(mnt, 'project');
      writeTree(root, { 'specgate.yaml': `name: demo\ncommands:\n  lint: ${JSON.stringify(FLOOD)}\n`, 'features/ping.feature': VALID_FEATURE });
      const r = await runCli(['run', '--mode', 'sandbox', '--until', 'validate'], { cwd: root });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/error DISK_FULL: cannot write \S+\/logs\/lint\.log: no space left on the device \(ENOSPC\)/);
      expect(r.stderr).toContain('hint: free space on the filesystem holding');
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(manifests(root).map((m) => m.status)).toEqual(['interrupted']);
      const log = fs.readdirSync(path.join(root, 'reports'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(path.join('logs', 'lint.log')));
      expect(fs.readFileSync(path.join(root, 'reports', log ?? 'missing'), 'utf8')).toBe('[specgate] log cut: DISK_FULL while writing it\n');
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
