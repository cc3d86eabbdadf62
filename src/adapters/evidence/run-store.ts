// The reports layout on disk (DESIGN §3): claiming run ids with an atomic mkdir, run manifests,
// the `latest` link and the markers of runs in progress.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EvidenceError } from '../../core/evidence/errors.js';
import { MANIFEST_FILE, parseManifest, serializeManifest, type Manifest } from '../../core/evidence/manifest.js';
import { assertFeatureSha, baseRunId, isRunId, runIdCandidate } from '../../core/evidence/run-id.js';
import { writeFileAtomic } from '../node-fs.js';
import { ensureReportsDir, mapFsError } from './reports-dir.js';

export const LATEST = 'latest';
/** Markers of runs in progress: `<feature-sha>.<run-id>.json`, removed when the run finishes. */
export const ACTIVE_DIR = path.join('audit', 'active');

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

export function manifestPath(runDir: string): string {
  return path.join(runDir, MANIFEST_FILE);
}

export async function writeManifest(runDir: string, manifest: Manifest): Promise<void> {
  const file = manifestPath(runDir);
  try {
    await writeFileAtomic(file, serializeManifest(manifest));
  } catch (error) {
    throw mapFsError(error, file, 'write the manifest');
  }
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
  const temp = path.join(reportsDir, featureSha, `.latest.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`);
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

function markerPath(reportsDir: string, featureSha: string, runId: string): string {
  return path.join(reportsDir, ACTIVE_DIR, `${featureSha}.${runId}.json`);
}

export async function writeActiveMarker(reportsDir: string, manifest: Manifest): Promise<void> {
  const file = markerPath(reportsDir, manifest.featureSha, manifest.runId);
  await ensureReportsDir(path.dirname(file));
  await writeFileAtomic(file, `${JSON.stringify({ manifest } satisfies ActiveMarker)}\n`);
}

export async function removeActiveMarker(reportsDir: string, featureSha: string, runId: string): Promise<void> {
  await fsp.rm(markerPath(reportsDir, featureSha, runId), { force: true });
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
