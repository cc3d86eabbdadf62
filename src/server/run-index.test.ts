// The run index: new runs appear, archived runs disappear, live runs are re-read, finished runs are
// read once (counted through a FileSystem wrapper).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { fixedClock } from '../adapters/clock.js';
import type { FileSystem } from '../core/ports.js';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { listRuns, nodeEvidencePorts } from '../cli/compose-evidence.js';
import { RunIndex } from './run-index.js';

const SHA = '2918efd63b57';

function setup() {
  const reports = path.join(tempDir(), 'reports');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/runs/good'), reports, { recursive: true, verbatimSymlinks: true });
  const reads: string[] = [];
  const real = new NodeFileSystem();
  const counting: FileSystem = Object.assign(Object.create(real) as FileSystem, {
    readText: (p: string) => {
      reads.push(p);
      return real.readText(p);
    },
  });
  const clock = fixedClock('2026-01-07T00:00:00Z');
  return { reports, reads, clock, index: new RunIndex(counting, reports, clock, 1000, nodeEvidencePorts) };
}

describe('RunIndex', () => {
  it('lists runs newest first and marks latest', async () => {
    const { index } = setup();
    const runs = await index.list();
    expect(runs.map((r) => r.runId)).toEqual(['20260106090000', '20260105090000', '20260103090000', '20260102090000', '20260101090000']);
    expect(runs.filter((r) => r.latest).map((r) => r.runId)).toEqual(['20260103090000']);
    expect((await index.filtered({ status: 'awaiting-approval' })).map((r) => r.runId)).toEqual(['20260105090000']);
  });

  it('re-reads only live runs; finished manifests are read once', async () => {
    const { index, reads, clock, reports } = setup();
    const runs = await index.list();
    expect(reads.filter((r) => r.endsWith('manifest.json')).length).toBe(5);
    // Finished runs have their trend numbers read once (coverage and SARIF, also giving "1 of 4 scenarios
    // failed"; declared budgets and measured usage for "declared vs measured"); runs still live have none
    // read: their numbers are not final.
    const others = reads.filter((r) => !r.endsWith('manifest.json')).map((r) => path.relative(reports, r)).sort();
    expect(others).toEqual(['20260101090000', '20260102090000', '20260103090000'].flatMap((id) => ['deploy-report.json', 'resource-estimates.json', 'sast.sarif', 'spec-coverage.json'].map((f) => path.join(SHA, id, f))));
    expect(runs.find((r) => r.runId === '20260102090000')).toMatchObject({ scenarios: { failed: 1, total: 4 }, deploy: { status: 'failure' } });
    expect(runs.find((r) => r.runId === '20260102090000')?.problem).toMatch(/^deploy failed: GET \/healthz/);
    reads.length = 0;
    clock.advance(2000);
    await index.refresh();
    expect(reads.map((r) => path.basename(path.dirname(r))).sort()).toEqual(['20260105090000', '20260106090000']);
  });

  it('keeps serving the last view when a background rescan fails (reports folder removed), and rescans on the next request', async () => {
    const { reports, clock } = setup();
    // The race seen in CI: the folder still stats as a directory, then is gone when it is listed.
    let gone = false;
    let refused = 0;
    const real = new NodeFileSystem();
    const racing: FileSystem = Object.assign(Object.create(real) as FileSystem, {
      readdir: (p: string) => (gone ? (refused++, Promise.reject(Object.assign(new Error(`ENOENT: scandir '${p}'`), { code: 'ENOENT' }))) : real.readdir(p)),
    });
    const index = new RunIndex(racing, reports, clock, 1000, nodeEvidencePorts);
    const before = await index.list();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      gone = true;
      clock.advance(2000);
      expect(await index.list()).toBe(before);
      const deadline = Date.now() + 5000;
      while (refused === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      expect(refused).toBe(1);
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(index.refresh()).rejects.toThrow(/ENOENT/);
      gone = false;
      expect((await index.refresh(), await index.list()).length).toBe(before.length);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('picks up a new run, an archived run and a status change, bumping the version', async () => {
    const { index, reports, clock } = setup();
    await index.list();
    const v0 = index.version;
    fs.cpSync(path.join(reports, SHA, '20260101090000'), path.join(reports, SHA, '20260107090000'), { recursive: true });
    fs.rmSync(path.join(reports, SHA, '20260102090000'), { recursive: true });
    const live = path.join(reports, SHA, '20260106090000', 'manifest.json');
    fs.writeFileSync(live, fs.readFileSync(live, 'utf8').replace('"status": "running"', '"status": "interrupted"'));
    clock.advance(2000);
    await index.refresh();
    const runs = await index.list();
    expect(runs.map((r) => r.runId)).toEqual(['20260107090000', '20260106090000', '20260105090000', '20260103090000', '20260101090000']);
    expect(runs.find((r) => r.runId === '20260106090000')?.status).toBe('interrupted');
    expect(index.version).toBeGreaterThan(v0);
  });

  it('sees a run added or removed, `latest` moved and a hostile `latest`, exactly as `specgate runs` does (one locator)', async () => {
    const { index, reports, clock } = setup();
    const same = async () => {
      clock.advance(2000);
      await index.refresh();
      const cli = await listRuns(reports, { onWarning: () => undefined });
      const dashboard = await index.list();
      expect(dashboard.map((r) => [r.featureSha, r.runId, r.latest])).toEqual(cli.map((r) => [r.featureSha, r.runId, r.isLatest]));
      return dashboard.map((r) => r.runId);
    };
    expect(await same()).toHaveLength(5);
    fs.cpSync(path.join(reports, SHA, '20260101090000'), path.join(reports, SHA, '20260101090000-2'), { recursive: true });
    expect((await same())[4]).toBe('20260101090000-2');
    fs.rmSync(path.join(reports, SHA, '20260105090000'), { recursive: true });
    expect(await same()).not.toContain('20260105090000');
    fs.rmSync(path.join(reports, SHA, 'latest'));
    fs.symlinkSync('20260106090000', path.join(reports, SHA, 'latest'));
    expect((await index.list()).filter((r) => r.latest).map((r) => r.runId)).toEqual(['20260103090000']); // cached until the clock moves
    await same();
    expect((await index.list()).filter((r) => r.latest).map((r) => r.runId)).toEqual(['20260106090000']);
    fs.rmSync(path.join(reports, SHA, 'latest'));
    fs.symlinkSync('../../outside', path.join(reports, SHA, 'latest'));
    await same();
    expect((await index.list()).some((r) => r.latest)).toBe(false);
  });

  it('a damaged manifest is listed as damaged, not dropped and not a crash', async () => {
    const { index, reports } = setup();
    fs.writeFileSync(path.join(reports, SHA, '20260101090000', 'manifest.json'), '{ not json');
    expect((await index.get(SHA, '20260101090000'))?.status).toBe('damaged');
  });
});
