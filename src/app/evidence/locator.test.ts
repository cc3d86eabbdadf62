// The run locator (runs.ts) against an in-memory RunFolders port: what it decides on its own —
// order, `latest`, orphaned runs, filters, hostile `latest` links, lookup by id — with no disk.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceError } from '../../core/evidence/errors.js';
import { finishedManifest, initialManifest, type Manifest } from '../../core/evidence/manifest.js';
import type { RunFolders } from '../../core/evidence/ports.js';
import { findRunDir, listRuns, type RunListingPorts } from './runs.js';

const REPORTS = '/reports';
const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const ALIVE = { pid: 1, hostname: 'h', startTime: 'alive' };
const DEAD = { pid: 2, hostname: 'h', startTime: 'dead' };

function manifest(featureSha: string, runId: string, status: 'running' | 'success' | 'failure', process = ALIVE): Manifest {
  const m = initialManifest({ runId, featureSha, mode: 'sandbox', initiator: 'ci', git: { commit: null, dirty: null }, toolVersion: 't', startedAt: '2025-01-01T00:00:00.000Z', process });
  return status === 'running' ? m : finishedManifest(m, status, '2025-01-01T00:00:02.000Z');
}

/** Run folders held in a map: runDir → manifest (undefined: a folder being claimed), plus `latest` per feature. */
function fakeFolders(runs: Map<string, Manifest | undefined>, latest: Record<string, string | Error> = {}): RunFolders {
  const unused = (): never => {
    throw new Error('not used by the locator');
  };
  return {
    listFolder: (dir) => Promise.resolve([...new Set([...runs.keys()].filter((d) => d.startsWith(`${dir}/`)).map((d) => d.slice(dir.length + 1).split('/')[0] ?? ''))]),
    isFolder: (dir) => Promise.resolve(runs.has(dir)),
    readLatest: (_reports, sha) => {
      const l = latest[sha];
      return l instanceof Error ? Promise.reject(l) : Promise.resolve(l);
    },
    indexedFacts: (_dir, ids) => ids.map(() => undefined),
    readManifestSync: (runDir) => runs.get(runDir),
    claimRun: unused,
    readManifest: unused,
    writeManifest: unused,
    swapLatest: unused,
    writeRunFile: unused,
    readRunFile: unused,
    moveRun: unused,
  };
}

const ports = (folders: RunFolders): RunListingPorts => ({ runs: folders, owners: { isAlive: (p) => p.startTime === 'alive' } });
const dir = (sha: string, id: string) => path.posix.join(REPORTS, sha, id);

describe('run locator over the RunFolders port', () => {
  const runs = new Map<string, Manifest | undefined>([
    [dir(A, '20250101000000'), manifest(A, '20250101000000', 'success')],
    [dir(A, '20250102000000'), manifest(A, '20250102000000', 'running', DEAD)],
    [dir(B, '20250103000000'), manifest(B, '20250103000000', 'failure')],
    [dir(B, '20250104000000'), undefined],
  ]);

  it('lists newest first, marks latest and orphaned runs, skips folders without a manifest', async () => {
    const listed = await listRuns(ports(fakeFolders(runs, { [A]: '20250101000000' })), REPORTS);
    expect(listed.map((r) => [r.runId, r.status, r.isLatest, r.orphaned, r.durationMs])).toEqual([
      ['20250103000000', 'failure', false, false, 2000],
      ['20250102000000', 'running', false, true, null],
      ['20250101000000', 'success', true, false, 2000],
    ]);
  });

  it('filters by feature and status, and refuses an unknown status', async () => {
    const folders = fakeFolders(runs);
    expect((await listRuns(ports(folders), REPORTS, { featureSha: A, status: 'success' })).map((r) => r.runId)).toEqual(['20250101000000']);
    await expect(listRuns(ports(folders), REPORTS, { status: 'done' as never })).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });

  it('a hostile latest is a warning with onWarning (runs still listed, none latest) and an error without', async () => {
    const hostile = new EvidenceError('LATEST_INVALID', "'latest' points to '../x'", { path: `${REPORTS}/${A}/latest`, hint: 'remove it' });
    const folders = fakeFolders(runs, { [A]: hostile });
    const warnings: string[] = [];
    const listed = await listRuns(ports(folders), REPORTS, { featureSha: A, onWarning: (m) => warnings.push(m) });
    expect(listed.map((r) => [r.runId, r.isLatest])).toEqual([['20250102000000', false], ['20250101000000', false]]);
    expect(warnings).toEqual([`${REPORTS}/${A}/latest: 'latest' points to '../x'; listing its runs without a latest (remove it)`]);
    await expect(listRuns(ports(folders), REPORTS, { featureSha: A })).rejects.toBe(hostile);
  });

  it('finds a run folder by id under any feature, or says which error', async () => {
    const folders = ports(fakeFolders(runs));
    expect(await findRunDir(folders, REPORTS, '20250103000000')).toBe(dir(B, '20250103000000'));
    await expect(findRunDir(folders, REPORTS, '20250103000000', A)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(findRunDir(folders, REPORTS, '../etc')).rejects.toMatchObject({ code: 'RUN_ID_INVALID' });
  });
});
