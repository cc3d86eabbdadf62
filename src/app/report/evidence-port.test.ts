// readLedger: the chain verdict over the whole ledger, only the selected checkpoints materialised.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/helpers/cli.js';
import { readLedger } from './evidence-port.js';

const ledger = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/runs/good/audit/checkpoints.log'));
const lines = ledger.toString('utf8').trimEnd().split('\n');

describe('readLedger', () => {
  it('selects one run by its columns, with correct line numbers', () => {
    const r = readLedger(ledger, { runId: '20260102090000', featureSha: '2918efd63b57' });
    expect(r.ok).toBe(true);
    expect(r.lines).toBe(lines.length);
    expect(r.checkpoints.length).toBe(lines.filter((l) => l.includes(' | 20260102090000 | ')).length);
    for (const c of r.checkpoints) expect(lines[c.lineNo - 1]).toContain(` | ${c.runId} | ${c.featureSha} | ${c.stage} | ${c.status} | `);
  });

  it('keeps only the newest `tail` checkpoints but counts them all', () => {
    const r = readLedger(ledger, { tail: 5 });
    expect(r.matched).toBe(lines.length);
    expect(r.checkpoints.map((c) => c.lineNo)).toEqual([lines.length - 4, lines.length - 3, lines.length - 2, lines.length - 1, lines.length]);
  });

  it('still verifies the whole chain when a line outside the selection was edited', () => {
    const edited = Buffer.from(ledger.toString('utf8').replace(' | preflight | success | ', ' | preflight | warning | '));
    const r = readLedger(edited, { runId: '20260106090000' });
    expect(r.ok).toBe(false);
    expect(r.firstBad?.line).toBe(3);
  });
});
