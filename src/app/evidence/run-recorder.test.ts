// The recorder against a real temp reports folder: claim, artifacts, stages, finish, latest, ledger.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../adapters/clock.js';
import { nodeEvidencePorts } from '../../adapters/evidence/node-evidence.js';
import { tempDir } from '../../../test/helpers/tmp.js';
import { readManifest, claimRun } from '../../adapters/evidence/run-store.js';
import { verifyLedger, readCheckpoints } from '../../adapters/evidence/ledger-file.js';
import { readLatest } from '../../adapters/evidence/latest-link.js';
import { startRun, listRuns } from './index.js';

const SHA = '005cc0262265';
const base = { featureSha: SHA, mode: 'sandbox' as const, initiator: 'alice@example.com', git: { commit: 'a'.repeat(40), dirty: false }, toolVersion: '0.1.0' };

describe('run recorder', () => {
  it('records artifacts, stages and the end, and publishes latest only after finish', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const clock = fixedClock('2025-09-24T14:04:40.250Z');
    const run = await startRun(nodeEvidencePorts, { ...base, reportsDir, clock });
    expect(run.runId).toBe('20250924140440');
    expect(run.runDir).toBe(path.join(reportsDir, SHA, '20250924140440'));

    await run.recordStageStart('preflight');
    const rec = await run.writeArtifact('spec-validation-report.json', '{"ok":true}\n', 'application/json');
    expect(rec).toEqual({ path: 'spec-validation-report.json', sha256: createHash('sha256').update('{"ok":true}\n').digest('hex'), size: 12, mediaType: 'application/json' });
    expect(fs.readFileSync(path.join(run.runDir, 'spec-validation-report.json'), 'utf8')).toBe('{"ok":true}\n');
    await run.writeArtifact('logs/test.log', 'ok\n', 'text/plain');
    clock.advance(1500);
    await run.recordStage({ name: 'preflight', status: 'success', startedAt: new Date('2025-09-24T14:04:40Z'), endedAt: clock.now(), artifact: 'spec-validation-report.json' });
    await expect(run.publishLatest()).rejects.toMatchObject({ code: 'RUN_NOT_FINISHED' });
    expect(await readLatest(reportsDir, SHA)).toBeUndefined();
    await run.setSigning({ publicKeyFingerprint: 'SHA256:abc' });
    await run.finish('success');
    await run.writeArtifact('manifest.json.sig', 'c2ln\n', 'application/octet-stream');
    await run.publishLatest();

    expect(fs.readlinkSync(path.join(reportsDir, SHA, 'latest'))).toBe('20250924140440');
    const m = await readManifest(run.runDir);
    expect(m.status).toBe('success');
    expect(m.artifacts.map((a) => a.path)).toEqual(['logs/test.log', 'spec-validation-report.json']);
    expect(m.stages).toEqual([
      { name: 'preflight', status: 'success', startedAt: '2025-09-24T14:04:40.000Z', endedAt: '2025-09-24T14:04:41.750Z', artifact: 'spec-validation-report.json', artifacts: ['logs/test.log', 'spec-validation-report.json'] },
    ]);
    expect(m.signing).toEqual({ publicKeyFingerprint: 'SHA256:abc' });
    const { entries } = await readCheckpoints(reportsDir);
    expect(entries.map((e) => `${e.stage} ${e.status} ${e.artifact}`)).toEqual([
      'run started manifest.json',
      'preflight started -',
      'preflight success spec-validation-report.json',
      'run success manifest.json',
    ]);
    expect(await verifyLedger(reportsDir)).toMatchObject({ ok: true, lines: 4 });
    const runs = await listRuns(nodeEvidencePorts, reportsDir);
    expect(runs).toMatchObject([{ runId: '20250924140440', status: 'success', isLatest: true, mode: 'sandbox' }]);
  });

  it('rejects artifact names that escape the run folder', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const run = await startRun(nodeEvidencePorts, { ...base, reportsDir, clock: fixedClock('2025-09-24T14:04:40Z') });
    for (const name of ['../x', '/etc/passwd', 'a/b/c', '.hidden', 'manifest.json', 'logs/../../x', '', 'a//b']) {
      expect(() => run.writeArtifact(name, 'x', 'text/plain'), name).toThrow(expect.objectContaining({ code: 'ARTIFACT_NAME_INVALID' }));
    }
    expect(fs.readdirSync(path.dirname(run.runDir))).toEqual(['20250924140440']);
  });

  it('gives runs started in the same second distinct ids', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const at = new Date('2025-09-24T14:04:40Z');
    const ids = await Promise.all(Array.from({ length: 10 }, () => claimRun(reportsDir, SHA, at)));
    expect(ids.map((c) => c.runId).sort()).toEqual(
      ['20250924140440', ...Array.from({ length: 9 }, (_, i) => `20250924140440-${i + 2}`)].sort(),
    );
  });
});
