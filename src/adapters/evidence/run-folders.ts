// The plain folder operations of the run store: listing a folder of the reports tree, finding a
// run folder, writing and reading a run's files, and moving a run into the archive. Each maps
// errno failures to the typed EvidenceError the CLI words (exit 2), never a stack trace.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { writeFileAtomic } from '../node-fs.js';
import { mapFsError } from './reports-dir.js';

/** Names in `dir`; [] when it does not exist, REPORTS_NOT_DIRECTORY when it is a file. */
export async function listFolder(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') {
      throw new EvidenceError('REPORTS_NOT_DIRECTORY', 'reports path is not a folder', {
        path: dir,
        hint: 'move the file out of the way or set `reports:` in specgate.yaml to a folder',
      });
    }
    throw mapFsError(error, dir, 'list runs');
  }
}

export async function isFolder(dir: string): Promise<boolean> {
  return (await fsp.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

export async function writeRunFile(runDir: string, name: string, bytes: Uint8Array): Promise<void> {
  const target = path.join(runDir, ...name.split('/'));
  try {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  } catch (error) {
    throw mapFsError(error, target, `write ${name}`);
  }
}

export async function readRunFile(runDir: string, name: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(path.join(runDir, ...name.split('/')), 'utf8');
  } catch {
    return undefined;
  }
}

export async function moveRun(from: string, to: string, shown: { readonly from: string; readonly to: string }): Promise<void> {
  const existing = await fsp.lstat(to).catch(() => undefined);
  if (existing !== undefined) {
    throw new EvidenceError('ARCHIVE_CONFLICT', `cannot archive ${shown.from}: ${shown.to} already exists`, {
      path: to,
      hint: 'two copies of one run: compare them and remove the duplicate by hand',
    });
  }
  try {
    await fsp.mkdir(path.dirname(to), { recursive: true });
    await fsp.rename(from, to);
  } catch (error) {
    throw mapFsError(error, from, `move ${shown.from} to ${shown.to}`);
  }
}
