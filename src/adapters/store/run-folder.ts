// Reads a run folder into memory for a push, defensively: regular files only (a symlink in
// evidence could point anywhere), bounded count and sizes, no hidden temp files of a killed writer.
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { StoreError } from '../../core/store/errors.js';
import { currentProcess, isProcessAlive } from '../evidence/process-identity.js';

export const LIMITS = { files: 10_000, fileBytes: 512 * 1024 * 1024, totalBytes: 2 * 1024 * 1024 * 1024 } as const;

/** Relative POSIX path → bytes, for every file under `runDir`. */
export async function readRunFolder(runDir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fsp.readdir(path.join(runDir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      if (!entry.isFile()) throw new StoreError('STORE_REJECTED', `${child} in ${runDir} is not a regular file`, { path: path.join(runDir, child), hint: 'evidence holds plain files only; remove it and push again' });
      const info = await fsp.stat(path.join(runDir, child));
      total += info.size;
      if (info.size > LIMITS.fileBytes || total > LIMITS.totalBytes || files.size >= LIMITS.files) {
        throw new StoreError('STORE_REJECTED', `${runDir} is larger than a push accepts (${LIMITS.files} files, ${LIMITS.fileBytes >> 20} MiB each, ${LIMITS.totalBytes >> 30} GiB in all)`, {
          path: path.join(runDir, child),
          hint: 'keep large build outputs out of the run folder; evidence should reference them by digest',
        });
      }
      files.set(child, await fsp.readFile(path.join(runDir, child)));
    }
  };
  await walk('');
  return files;
}

/**
 * The hidden folder a pull writes into before renaming it into place. It names its writer (pid,
 * start time, host) so that the next pull can tell the leftover of a killed pull from a pull
 * still running: `.<run>.pull-<pid>-<start>@<host>` (older specgates wrote `.<run>.pull-<pid>`).
 */
function stagingName(base: string): string {
  const me = currentProcess();
  return `.${base}.pull-${me.pid}-${encodeURIComponent(me.startTime)}@${encodeURIComponent(me.hostname)}`;
}

/** Removes the staging folders of pulls of this run whose writer is gone (killed mid-pull). */
async function removeStalePulls(parent: string, base: string): Promise<void> {
  const prefix = `.${base}.pull-`;
  for (const name of await fsp.readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)(?:-([^@]*)@(.*))?$/.exec(name.slice(prefix.length));
    if (m === null) continue;
    let owner;
    try {
      owner = { pid: Number(m[1]), startTime: decodeURIComponent(m[2] ?? ''), hostname: m[3] === undefined ? hostname() : decodeURIComponent(m[3]) };
    } catch {
      continue;
    }
    if (!isProcessAlive(owner)) await fsp.rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Writes a pulled run into a fresh folder: refuses to merge into one that already has files. */
export async function writeRunFolder(runDir: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const existing = await fsp.readdir(runDir).catch(() => [] as string[]);
  if (existing.length > 0) throw new StoreError('STORE_REJECTED', `${runDir} already exists and is not empty`, { path: runDir, hint: 'pull into another folder (--into DIR), or remove it first' });
  await fsp.mkdir(path.dirname(runDir), { recursive: true });
  await removeStalePulls(path.dirname(runDir), path.basename(runDir));
  const staging = path.join(path.dirname(runDir), stagingName(path.basename(runDir)));
  await fsp.rm(staging, { recursive: true, force: true });
  for (const [rel, data] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = path.join(staging, ...rel.split('/'));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, data, { mode: 0o644 });
  }
  // The folder appears whole or not at all.
  await fsp.rm(runDir, { recursive: true, force: true });
  await fsp.rename(staging, runDir);
}
