// Which run folders `specgate push RUN…` means: a folder path, `<feature-sha>/<run-id>`, a bare
// run id, or — with no argument — every run under reports/ that is not still running.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { isFeatureSha } from '../../core/evidence/run-id.js';
import type { EvidencePorts } from '../../core/evidence/ports.js';
import { findRunDir, listRuns } from '../evidence/runs.js';

/** What finding run folders reads: the file system (a folder path) and the run store (an id). */
export interface LocatePorts {
  readonly fs: Pick<FileSystem, 'stat' | 'realpath'>;
  readonly evidence: Pick<EvidencePorts, 'runs' | 'owners'>;
}

export async function runFoldersToPush(ports: LocatePorts, reportsDir: string, cwd: string, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) {
    // Oldest first, so the central ledger receives runs in the order they happened.
    return (await listRuns(ports.evidence, reportsDir)).filter((r) => r.status !== 'running').map((r) => r.runDir).reverse();
  }
  const out: string[] = [];
  for (const arg of args) out.push(await runFolder(ports, reportsDir, cwd, arg));
  return out;
}

async function runFolder(ports: LocatePorts, reportsDir: string, cwd: string, arg: string): Promise<string> {
  const [sha, id] = arg.split('/');
  if (sha !== undefined && id !== undefined && isFeatureSha(sha) && arg.split('/').length === 2) return findRunDir(ports.evidence, reportsDir, id, sha);
  const asPath = path.resolve(cwd, arg);
  if ((await ports.fs.stat(asPath).catch(() => undefined))?.kind === 'directory') return ports.fs.realpath(asPath);
  return findRunDir(ports.evidence, reportsDir, arg);
}
