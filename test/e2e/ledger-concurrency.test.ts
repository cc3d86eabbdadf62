// The ledger under real concurrency: separate node processes append at once; afterwards the ledger
// verifies and every append each writer saw succeed is there, in that writer's order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoints, verifyLedger, ledgerPath } from '../../src/adapters/evidence/ledger-file.js';
import { startWorker } from '../helpers/ledger-workers.js';
import { tempDir } from '../helpers/tmp.js';

describe('ledger under concurrency', () => {
  it('16 processes × 125 appends: 2,000 whole lines, chain intact', async () => {
    const reportsDir = path.join(tempDir(), 'reports');
    const workers = Array.from({ length: 16 }, (_, i) => startWorker('append-worker.mjs', [reportsDir, '125', String(i)]));
    await Promise.all(workers.map((w) => w.exited));
    const result = await verifyLedger(reportsDir);
    expect(result).toMatchObject({ ok: true, lines: 2_000 });
    const text = fs.readFileSync(ledgerPath(reportsDir), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    // Every append each worker saw succeed is there, in that worker's order.
    const lineOfChain = new Map(lines.map((l, i) => [l.slice(-64), i]));
    for (const w of workers) {
      const reported = w.lines.map((l) => l.slice(3));
      expect(reported).toHaveLength(125);
      const positions = reported.map((c) => lineOfChain.get(c) ?? -1);
      expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    }
    const { entries } = await readCheckpoints(reportsDir, { featureSha: '030000000000' });
    expect(entries).toHaveLength(125);
  }, 240_000);
});
