// The file store's head after a push: counted from a carried-forward record plus the appended
// bytes, and recounted when the record no longer matches the ledger.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { GENESIS_CHAIN, ledgerLine } from '../../core/evidence/checkpoint.js';
import { fileLedgerHead } from './file-ledger-head.js';

function lines(n: number, prev = GENESIS_CHAIN, status: 'success' | 'failure' = 'success'): { text: string; head: string } {
  let text = '';
  for (let i = 0; i < n; i += 1) {
    const l = ledgerLine(prev, { time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), runId: '20260101000000', featureSha: '005cc0262265', stage: 'validate', status, artifact: `a${i}.json` });
    text += `${l.line}\n`;
    prev = l.chain;
  }
  return { text, head: prev };
}

describe('fileLedgerHead', () => {
  it('counts whole lines, carries the count forward, ignores a torn tail, and recounts a rewritten ledger', async () => {
    const root = tempDir();
    const file = path.join(root, 'audit', 'checkpoints.log');
    expect(await fileLedgerHead(root)).toEqual({ centralLines: 0, centralHead: GENESIS_CHAIN });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const first = lines(5);
    fs.writeFileSync(file, first.text);
    expect(await fileLedgerHead(root)).toEqual({ centralLines: 5, centralHead: first.head });
    const record = JSON.parse(fs.readFileSync(path.join(root, 'audit', 'ledger-lines.json'), 'utf8')) as { bytes: number; lines: number };
    expect(record).toMatchObject({ bytes: first.text.length, lines: 5 });

    const more = lines(3, first.head);
    fs.appendFileSync(file, `${more.text}2026-01-01T00:00:09Z | torn`);
    expect(await fileLedgerHead(root)).toEqual({ centralLines: 8, centralHead: more.head });

    // Same size, other lines: the record's chain is no longer where it says, so it is recounted.
    const other = lines(8, GENESIS_CHAIN, 'failure');
    fs.writeFileSync(file, other.text);
    expect(await fileLedgerHead(root)).toEqual({ centralLines: 8, centralHead: other.head });
  });
});
