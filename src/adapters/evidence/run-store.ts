// The reports layout on disk (docs/contracts.md §3): claiming run ids with an atomic mkdir, run manifests,
// the `latest` link and the markers of runs in progress.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { parseManifest, serializeManifest, type Manifest } from '../../core/evidence/manifest.js';
import { assertFeatureSha, baseRunId, isRunId, runIdCandidate } from '../../core/evidence/run-id.js';
import { fsyncDirectory, writeFileAtomic } from '../node-fs.js';
import { isProcessAlive } from './process-identity.js';
import { indexManifest } from './runs-index.js';
import { ensureReportsDir, mapFsError } from './reports-dir.js';
import { AUDIT_DIR, EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export const LATEST = 'latest';
/**
 * Markers of runs in progress: `<feature-sha>.<run-id>.<pid>.json`, removed when the run finishes.
 * The pid is in the name because two claimers may race for one run id before either wins it.
 */
export const ACTIVE_DIR = path.join(AUDIT_DIR, 'active');

export interface ClaimedRun {
  readonly runId: string;
  /** Absolute. */
  readonly runDir: string;
}

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

// --- markers of runs in progress ---

export interface ActiveMarker {
  /** The run's initial manifest: enough to close it as interrupted even if its own manifest never landed. */
  readonly manifest: Manifest;
}

function markerPath(reportsDir: string, manifest: Pick<Manifest, 'featureSha' | 'runId' | 'process'>): string {
  return path.join(reportsDir, ACTIVE_DIR, `${manifest.featureSha}.${manifest.runId}.${manifest.process.pid}.json`);
}

export async function writeActiveMarker(reportsDir: string, manifest: Manifest): Promise<void> {
  const file = markerPath(reportsDir, manifest);
  await ensureReportsDir(path.dirname(file));
  await writeFileAtomic(file, `${JSON.stringify({ manifest } satisfies ActiveMarker)}\n`);
}

export async function removeActiveMarker(reportsDir: string, manifest: Pick<Manifest, 'featureSha' | 'runId' | 'process'>): Promise<void> {
  await fsp.rm(markerPath(reportsDir, manifest), { force: true });
}

export async function listActiveMarkers(reportsDir: string): Promise<{ file: string; marker: ActiveMarker | undefined }[]> {
  const dir = path.join(reportsDir, ACTIVE_DIR);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const out: { file: string; marker: ActiveMarker | undefined }[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const file = path.join(dir, name);
    try {
      out.push({ file, marker: JSON.parse(await fsp.readFile(file, 'utf8')) as ActiveMarker });
    } catch {
      out.push({ file, marker: undefined });
    }
  }
  return out;
}

/** Removes temp files a killed writer left in a run folder (one subfolder level, as artifacts). */
export async function removeTempFiles(runDir: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth === 0 && !entry.name.startsWith('.')) await walk(full, 1);
      else if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.tmp')) {
        await fsp.rm(full, { force: true });
        removed.push(path.relative(runDir, full));
      }
    }
  };
  await walk(runDir, 0);
  return removed.sort();
}
