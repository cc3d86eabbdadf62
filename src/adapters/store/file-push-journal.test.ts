// A push to the file store stopped after each of its steps (as a SIGKILL would: nothing cleaned
// up), then the next push: the interrupted run is finished, listed once, with its lines in the
// ledger exactly once, and the chain verifies. The real SIGKILLs are in test/e2e/store-file-kill.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { verifyLedger } from '../evidence/ledger-file.js';
import type { PushRecord } from '../../core/store/ports.js';
import { FileRunStore } from './file-run-store.js';
import type { PushStep } from './file-push-journal.js';

const now = (): Date => new Date(Date.UTC(2026, 2, 3, 10, 0, 0));

function record(runId: string, stages: readonly string[]): PushRecord {
  const text = (stage: string): string => `2026-03-03T10:00:00Z | ${runId} | aaaaaaaaaaaa | ${stage} | success | ${stage}-report.json`;
  return {
    ref: { project: 'shop', featureSha: 'aaaaaaaaaaaa', runId },
    facts: { mode: 'sandbox', status: 'success', initiator: 'ci', startedAt: '2026-03-03T10:00:00.000Z', endedAt: null, keyFingerprint: null, environment: null, serving: false },
    bundleDigest: runId.padEnd(64, '0'),
    files: [],
    checkpoints: stages.map((s) => ({ text: text(s), localChain: '0'.repeat(64) })),
    localLedger: { ledgerId: '0'.repeat(64), lines: 0, head: '0'.repeat(64) },
  };
}

function ledgerTexts(root: string): string[] {
  const text = fs.existsSync(path.join(root, 'audit/checkpoints.log')) ? fs.readFileSync(path.join(root, 'audit/checkpoints.log'), 'utf8') : '';
  return text.split('\n').filter((l) => l !== '').map((l) => l.slice(0, -67));
}

describe('file store push across a kill', () => {
  for (const step of ['intent', 'ledger', 'record'] as PushStep[]) {
    it(`stopped after the ${step} step, the next push finishes it: listed once, lines once, chain intact`, async () => {
      const root = tempDir('specgate-file-store-');
      const first = record('20260303100000', ['preflight', 'validate']);
      await new FileRunStore(root, now).push(record('20260303095900', ['preflight']));
      await expect(new FileRunStore(root, now, step).push(first)).rejects.toThrow(/stopped after/);
      // A reader before the next push: the run is either not listed, or listed with its lines in.
      const store = new FileRunStore(root, now);
      const listedEarly = (await store.listRuns({ limit: 10 })).runs.some((r) => r.runId === first.ref.runId);
      if (listedEarly) expect(ledgerTexts(root)).toEqual(expect.arrayContaining(first.checkpoints.map((c) => c.text)));

      await store.push(record('20260303100100', ['preflight']));
      expect((await store.push(first)).state).toBe('unchanged');
      const texts = ledgerTexts(root);
      for (const c of first.checkpoints) expect(texts.filter((t) => t === c.text)).toHaveLength(1);
      expect((await store.listRuns({ limit: 10 })).runs.map((r) => r.runId)).toEqual(['20260303100100', '20260303100000', '20260303095900']);
      expect((await verifyLedger(root)).ok).toBe(true);
      expect(fs.existsSync(path.join(root, 'audit/push.pending.json'))).toBe(false);
    });
  }

  it('a pusher killed mid-write (a torn line and part of the lines in) is finished without appending a line twice', async () => {
    const root = tempDir('specgate-file-store-');
    const run = record('20260303100000', ['preflight', 'validate', 'generate']);
    await expect(new FileRunStore(root, now, 'ledger').push(run)).rejects.toThrow(/stopped after/);
    // Rewind to "the first line and half the second reached the disk".
    const file = path.join(root, 'audit/checkpoints.log');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${lines[0]}\n${(lines[1] as string).slice(0, 40)}`);
    await new FileRunStore(root, now).push(record('20260303100100', ['preflight']));
    const texts = ledgerTexts(root);
    for (const c of run.checkpoints) expect(texts.filter((t) => t === c.text)).toHaveLength(1);
    expect(texts.some((t) => / \| ledger \| warning \| /.test(t))).toBe(true); // the torn tail, quarantined on the record
    expect((await verifyLedger(root)).ok).toBe(true);
  });

  it('refuses to roll forward onto a ledger changed outside specgate', async () => {
    const root = tempDir('specgate-file-store-');
    await expect(new FileRunStore(root, now, 'intent').push(record('20260303100000', ['preflight']))).rejects.toThrow(/stopped after/);
    fs.mkdirSync(path.join(root, 'audit'), { recursive: true });
    fs.writeFileSync(path.join(root, 'audit/checkpoints.log'), `2026-03-03T10:00:00Z | 20260303100000 | aaaaaaaaaaaa | preflight | success | x | ${'f'.repeat(64)}\n`);
    await expect(new FileRunStore(root, now).push(record('20260303100100', ['preflight']))).rejects.toThrow(/STORE_LEDGER_BROKEN|does not continue/);
  });
});
