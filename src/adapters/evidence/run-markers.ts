// What a crash leaves for `recover` to find (docs/evidence.md): markers of runs in progress, written
// before a run folder exists and removed when the run finishes, and the temp files of killed writers.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Manifest } from '../../core/evidence/manifest.js';
import { AUDIT_DIR } from '../../core/evidence/vocabulary.js';
import { writeFileAtomic } from '../node-fs.js';
import { ensureReportsDir } from './reports-dir.js';

/**
 * Markers of runs in progress: `<feature-sha>.<run-id>.<pid>.json`, removed when the run finishes.
 * The pid is in the name because two claimers may race for one run id before either wins it.
 */
export const ACTIVE_DIR = path.join(AUDIT_DIR, 'active');

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
