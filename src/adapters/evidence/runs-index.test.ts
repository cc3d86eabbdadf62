// The runs index is a hint: it answers only while the manifest is exactly the one it indexed, and
// anything wrong with it (edited manifest, torn line, garbage) falls back to reading manifests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { finishedManifest, initialManifest, type Manifest } from '../../core/evidence/manifest.js';
import { listRuns as listRunsWith } from '../../app/evidence/runs.js';
import { nodeEvidencePorts } from './node-evidence.js';

const listRuns = (reportsDir: string) => listRunsWith(nodeEvidencePorts, reportsDir);
import { writeManifest } from './run-store.js';
import { indexedFacts, RUNS_INDEX_FILE } from './runs-index.js';

const SHA = 'aaaaaaaaaaaa';

function manifest(runId: string, status: 'running' | 'success' | 'failure'): Manifest {
  const started = initialManifest({ runId, featureSha: SHA, mode: 'compliance', initiator: 'ci', git: { commit: null, dirty: null }, toolVersion: '0.1.0', startedAt: '2025-09-01T10:00:00.000Z', process: { pid: 1, hostname: 'h', startTime: '' } });
  return status === 'running' ? started : finishedManifest(started, status, '2025-09-01T10:01:05.000Z');
}

async function project(): Promise<{ reportsDir: string; featureDir: string }> {
  const reportsDir = path.join(tempDir(), 'reports');
  const featureDir = path.join(reportsDir, SHA);
  for (const [runId, status] of [['20250901100000', 'success'], ['20250902100000', 'running']] as const) {
    fs.mkdirSync(path.join(featureDir, runId), { recursive: true });
    await writeManifest(path.join(featureDir, runId), manifest(runId, status));
  }
  return { reportsDir, featureDir };
}

describe('runs index', () => {
  it('indexes every manifest written with a final status, never a running one', async () => {
    const { featureDir } = await project();
    const facts = indexedFacts(featureDir, ['20250901100000', '20250902100000', '20250903100000']);
    expect(facts).toEqual([{ mode: 'compliance', status: 'success', initiator: 'ci', startedAt: '2025-09-01T10:00:00.000Z', endedAt: '2025-09-01T10:01:05.000Z', durationMs: 65_000 }, undefined, undefined]);
  });

  it('a manifest edited after it was indexed is read again, and a damaged one is still an error', async () => {
    const { reportsDir, featureDir } = await project();
    const file = path.join(featureDir, '20250901100000', 'manifest.json');
    const before = fs.statSync(file);
    // A hand edit in place that keeps the size and restores the mtime: only ctime tells.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"success"', '"failure"'));
    fs.utimesSync(file, before.atime, before.mtime);
    expect(indexedFacts(featureDir, ['20250901100000'])).toEqual([undefined]);
    expect((await listRuns(reportsDir)).find((r) => r.runId === '20250901100000')?.status).toBe('failure');
    fs.writeFileSync(file, '{ not json');
    await expect(listRuns(reportsDir)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });

  it('skips a torn line and ignores a garbage index, listing from the manifests instead', async () => {
    const { reportsDir, featureDir } = await project();
    const index = path.join(featureDir, RUNS_INDEX_FILE);
    const listed = await listRuns(reportsDir);
    fs.appendFileSync(index, '["20250901100000", 1, 2');
    expect(indexedFacts(featureDir, ['20250901100000'])[0]?.status).toBe('success');
    fs.writeFileSync(index, '\u0000garbage\n[1,2,3]\n{"a":1}\n');
    expect(indexedFacts(featureDir, ['20250901100000'])).toEqual([undefined]);
    expect(await listRuns(reportsDir)).toEqual(listed);
  });

  it('listing never writes: the feature folder is unchanged by listRuns', async () => {
    const { reportsDir, featureDir } = await project();
    fs.rmSync(path.join(featureDir, RUNS_INDEX_FILE));
    await listRuns(reportsDir);
    expect(fs.existsSync(path.join(featureDir, RUNS_INDEX_FILE))).toBe(false);
  });
});
