// Which run folders `specgate push RUN…` means: a folder path, `<feature-sha>/<run-id>`, a bare
// run id, or — with no argument — every run under reports/ that is not still running.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { isFeatureSha } from '../../core/evidence/run-id.js';
import { findRunDir } from '../evidence/run-recorder.js';
import { listRuns } from '../evidence/runs.js';

export async function runFoldersToPush(fs: Pick<FileSystem, 'stat' | 'realpath'>, reportsDir: string, cwd: string, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) {
    // Oldest first, so the central ledger receives runs in the order they happened.
    return (await listRuns(reportsDir)).filter((r) => r.status !== 'running').map((r) => r.runDir).reverse();
  }
  const out: string[] = [];
  for (const arg of args) out.push(await runFolder(fs, reportsDir, cwd, arg));
  return out;
}

async function runFolder(fs: Pick<FileSystem, 'stat' | 'realpath'>, reportsDir: string, cwd: string, arg: string): Promise<string> {
  const [sha, id] = arg.split('/');
  if (sha !== undefined && id !== undefined && isFeatureSha(sha) && arg.split('/').length === 2) return findRunDir(reportsDir, id, sha);
  const asPath = path.resolve(cwd, arg);
  if ((await fs.stat(asPath).catch(() => undefined))?.kind === 'directory') return fs.realpath(asPath);
  return findRunDir(reportsDir, arg);
}
