// The reports layout on disk (docs/contracts.md §3): claiming run ids with an atomic mkdir, run manifests
// and the `latest` link. The markers of runs in progress are in run-markers.ts.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { parseManifest, serializeManifest, type Manifest } from '../../core/evidence/manifest.js';
import { assertFeatureSha, baseRunId, runIdCandidate } from '../../core/evidence/run-id.js';
import { fsyncDirectory, writeFileAtomic } from '../node-fs.js';
import { isProcessAlive } from './process-identity.js';
import { indexManifest } from './runs-index.js';
import { ensureReportsDir, mapFsError } from './reports-dir.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { removeActiveMarker, writeActiveMarker } from './run-markers.js';
import type { ClaimedRun } from '../../core/evidence/ports.js';

export type { ClaimedRun } from '../../core/evidence/ports.js';

/**
 * Claims the run id for `startedAt` by creating its folder with a plain (non-recursive) mkdir:
 * the kernel lets exactly one process create a given folder, so parallel runs never share one.
 */
export async function claimRun(reportsDir: string, featureSha: string, startedAt: Date): Promise<ClaimedRun> {
  assertFeatureSha(featureSha);
  await ensureReportsDir(reportsDir);
  const featureDir = path.join(reportsDir, featureSha);
  await ensureReportsDir(featureDir);
  const base = baseRunId(startedAt);
  for (let n = 1; n <= 100_000; n += 1) {
    const runId = runIdCandidate(base, n);
    const runDir = path.join(featureDir, runId);
    try {
      await fsp.mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw mapFsError(error, runDir, 'create the run folder');
    }
  }
  throw new EvidenceError('REPORTS_UNWRITABLE', `no free run id for ${base}`, { path: featureDir, hint: 'archive old runs' });
}

/**
 * Claims a run id together with its first manifest, so a run folder never exists without one: the
 * folder is prepared under a hidden staging name and renamed into place (rename(2) of a directory
 * fails when the target exists and is not empty, so exactly one claimer wins each id). The marker
 * of the run in progress is written before the rename, so a crash at any point is recoverable.
 */
export async function claimRunWithManifest(
  reportsDir: string,
  featureSha: string,
  startedAt: Date,
  manifestFor: (runId: string) => Manifest,
): Promise<ClaimedRun & { manifest: Manifest }> {
  assertFeatureSha(featureSha);
  await ensureReportsDir(reportsDir);
  const featureDir = path.join(reportsDir, featureSha);
  await ensureReportsDir(featureDir);
  await sweepStaging(featureDir);
  const staging = path.join(featureDir, `.claim-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await fsp.mkdir(staging);
  } catch (error) {
    throw mapFsError(error, staging, 'create the run folder');
  }
  try {
    const base = baseRunId(startedAt);
    for (let n = 1; n <= 100_000; n += 1) {
      const runId = runIdCandidate(base, n);
      const runDir = path.join(featureDir, runId);
      if (await fsp.lstat(runDir).then(() => true, () => false)) continue;
      const manifest = manifestFor(runId);
      await writeManifest(staging, manifest);
      await writeActiveMarker(reportsDir, manifest);
      try {
        await fsp.rename(staging, runDir);
      } catch (error) {
        await removeActiveMarker(reportsDir, manifest);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') continue;
        throw mapFsError(error, runDir, 'create the run folder');
      }
      await fsyncDirectory(featureDir);
      return { runId, runDir, manifest };
    }
    throw new EvidenceError('REPORTS_UNWRITABLE', `no free run id for ${base}`, { path: featureDir, hint: 'archive old runs' });
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** Removes staging folders of claimers that died before renaming them into place. */
async function sweepStaging(featureDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(featureDir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\.claim-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && !isProcessAlive({ pid: Number(m[1]), hostname: hostname(), startTime: '' })) {
      await fsp.rm(path.join(featureDir, name), { recursive: true, force: true });
    }
  }
}

export function manifestPath(runDir: string): string {
  return path.join(runDir, EVIDENCE_FILE.manifest);
}

export async function writeManifest(runDir: string, manifest: Manifest): Promise<void> {
  const file = manifestPath(runDir);
  try {
    await writeFileAtomic(file, serializeManifest(manifest));
  } catch (error) {
    throw mapFsError(error, file, 'write the manifest');
  }
  indexManifest(file, manifest);
}

/** Reads and checks a run's manifest; MANIFEST_INVALID / RUN_NOT_FOUND name the path. */
export async function readManifest(runDir: string): Promise<Manifest> {
  const file = manifestPath(runDir);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new EvidenceError('RUN_NOT_FOUND', `no manifest.json in this run folder`, {
        path: file,
        cause: error,
        hint: 'check the run id with `specgate runs`',
      });
    }
    throw mapFsError(error, file, 'read the manifest');
  }
  return parseManifest(text, file);
}

/**
 * Synchronous twin of readManifest for listing thousands of runs: for many small files a plain
 * read loop is several times faster than promises through the libuv thread pool. Undefined when
 * the folder has no manifest (yet).
 */
export function readManifestSync(runDir: string): Manifest | undefined {
  const file = manifestPath(runDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw mapFsError(error, file, 'read the manifest');
  }
  return parseManifest(text, file);
}
