// The `latest` link of a feature's runs (docs/contracts.md §3): a relative symlink to a sibling run
// folder, read without ever following anything else and swapped atomically.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { isRunId } from '../../core/evidence/run-id.js';
import { mapFsError } from './reports-dir.js';

export const LATEST = 'latest';

/**
 * The run `reports/<sha>/latest` points to, or undefined when there is none. A `latest` that is
 * not a symlink, or points anywhere but a sibling run folder, is refused, never followed.
 */
export async function readLatest(reportsDir: string, featureSha: string): Promise<string | undefined> {
  const link = path.join(reportsDir, featureSha, LATEST);
  let stats;
  try {
    stats = await fsp.lstat(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw mapFsError(error, link, 'read latest');
  }
  if (!stats.isSymbolicLink()) {
    throw new EvidenceError('LATEST_INVALID', `'latest' is not a symlink`, {
      path: link,
      hint: 'remove it; specgate recreates it as a relative symlink to the newest finished run',
    });
  }
  const target = await fsp.readlink(link);
  if (!isRunId(target)) {
    throw new EvidenceError('LATEST_INVALID', `'latest' points to '${target}', outside this feature's runs`, {
      path: link,
      hint: 'remove it; it must be a relative symlink to a run id in the same folder',
    });
  }
  return target;
}

/** Points `latest` at `runId` atomically (temp symlink + rename). */
export async function swapLatest(reportsDir: string, featureSha: string, runId: string): Promise<void> {
  await readLatest(reportsDir, featureSha); // refuses to replace something that is not our link
  const link = path.join(reportsDir, featureSha, LATEST);
  const temp = path.join(reportsDir, featureSha, `.latest.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fsp.symlink(runId, temp);
    await fsp.rename(temp, link);
    const handle = await fsp.open(path.dirname(link), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw mapFsError(error, link, 'update latest');
  }
}
