// The chain and its verifier: the docs/contracts.md §4 line format, the chain formula reproduced with the
// coreutils an auditor has, and every kind of tampering named with its line.
import { execFileSync } from 'node:child_process';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_CHAIN, LEDGER_LINE, chainOf, checkpointText, ledgerLine, parseLedgerLine, type Checkpoint } from './checkpoint.js';
import { isLedgerLineBytes } from './line-bytes.js';
import { LedgerVerifier, verifyLedgerText } from './verify.js';

const SEED: Checkpoint = {
  time: new Date('2025-09-24T14:04:40Z'),
  runId: '20250924140440',
  featureSha: '005cc0262265',
  stage: 'preflight',
  status: 'success',
  artifact: 'spec-validation-report.json',
};

function ledger(n: number): string[] {
  const stages = ['preflight', 'validate', 'generate', 'build', 'deploy', 'audit'] as const;
  let prev = GENESIS_CHAIN;
  const lines: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const cp: Checkpoint = { ...SEED, time: new Date(Date.UTC(2025, 8, 24, 14, 4, 40 + i)), stage: stages[i % stages.length]!, artifact: i % 2 ? '-' : `a${i}.json` };
    const l = ledgerLine(prev, cp);
    prev = l.chain;
    lines.push(l.line);
  }
  return lines;
}
const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('checkpoint line', () => {
  it('has the format of the original report plus the chain column', () => {
    expect(checkpointText(SEED)).toBe('2025-09-24T14:04:40Z | 20250924140440 | 005cc0262265 | preflight | success | spec-validation-report.json');
    const { line, chain } = ledgerLine(GENESIS_CHAIN, SEED);
    expect(line).toBe(`${checkpointText(SEED)} | ${chain}`);
    expect(parseLedgerLine(line, 1)).toEqual({ ...SEED, chain, line: 1 });
  });

  it('chains exactly as `printf "%s\\n%s" prev L | sha256sum` computes', () => {
    const lines = ledger(3);
    let prev = GENESIS_CHAIN;
    for (const line of lines) {
      const L = line.slice(0, -67);
      const expected = execFileSync('sh', ['-c', 'printf "%s\\n%s" "$1" "$2" | sha256sum | cut -c1-64', 'sh', prev, L], { encoding: 'utf8' }).trim();
      expect(line.slice(-64)).toBe(expected);
      expect(chainOf(prev, L)).toBe(expected);
      prev = expected;
    }
  });

  it('refuses checkpoints the ledger could not parse back', () => {
    for (const bad of [
      { ...SEED, stage: 'lunch' },
      { ...SEED, status: 'done' },
      { ...SEED, runId: '2025' },
      { ...SEED, featureSha: 'XYZ' },
      { ...SEED, artifact: 'a b.json' },
      { ...SEED, artifact: 'a|b' },
      { ...SEED, artifact: '' },
      { ...SEED, time: new Date('nope') },
    ]) {
      expect(() => checkpointText(bad as Checkpoint)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_INVALID' }));
    }
  });
});

describe('verify', () => {
  const good = ledger(10);

  it('accepts an intact ledger and an empty one', () => {
    expect(verifyLedgerText(text(good))).toMatchObject({ ok: true, lines: 10, headChain: good[9]!.slice(-64) });
    expect(verifyLedgerText('')).toEqual({ ok: true, lines: 0, headChain: GENESIS_CHAIN });
  });

  it('gives the same answer however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 20 }), (cuts) => {
        const bytes = Buffer.from(text(good));
        const v = new LedgerVerifier();
        let at = 0;
        for (const cut of cuts) {
          v.feed(bytes.subarray(at, Math.min(bytes.length, at + cut)));
          at = Math.min(bytes.length, at + cut);
        }
        v.feed(bytes.subarray(at));
        expect(v.end()).toMatchObject({ ok: true, lines: 10 });
      }),
    );
  });

  it('names an edited field', () => {
    const lines = [...good];
    lines[4] = lines[4]!.replace('| success |', '| failure |');
    expect(verifyLedgerText(text(lines)).firstBad).toMatchObject({ line: 5, reason: 'edited' });
  });

  it('names a deleted line (at the line that no longer chains)', () => {
    const lines = good.filter((_, i) => i !== 3);
    expect(verifyLedgerText(text(lines)).firstBad).toMatchObject({ line: 4, reason: 'edited' });
    expect(verifyLedgerText(text(lines)).firstBad?.message).toContain('deleted');
  });

  it('names swapped lines', () => {
    const lines = [...good];
    [lines[6], lines[7]] = [lines[7]!, lines[6]!];
    expect(verifyLedgerText(text(lines)).firstBad).toMatchObject({ line: 7, reason: 'reordered' });
  });

  it('names a line truncated mid-way as torn', () => {
    const t = text(good);
    const cut = t.slice(0, t.length - 30);
    expect(verifyLedgerText(cut)).toMatchObject({ ok: false, lines: 9, firstBad: { line: 10, reason: 'torn' } });
  });

  it('names a forged line appended with a wrong chain', () => {
    const forged = `${checkpointText({ ...SEED, status: 'approved', stage: 'approval' })} | ${'ab'.repeat(32)}`;
    expect(verifyLedgerText(text([...good, forged])).firstBad).toMatchObject({ line: 11, reason: 'chain-mismatch' });
  });

  it('names a forged line whose chain was recomputed from a wrong predecessor', () => {
    const L = checkpointText({ ...SEED, stage: 'approval', status: 'approved' });
    const forged = `${L} | ${chainOf(GENESIS_CHAIN, L)}`;
    expect(verifyLedgerText(text([...good.slice(0, 5), forged, ...good.slice(5)])).firstBad).toMatchObject({ line: 6 });
  });

  it('names malformed lines: empty, CRLF, unknown status, bad chain column', () => {
    const cases: [string[], number][] = [
      [[...good.slice(0, 2), '', ...good.slice(2)], 3],
      [[good[0]!, `${good[1]!}\r`], 2],
      [[good[0]!.replace('| success |', '| done |')], 1],
      [[good[0]!.slice(0, -1)], 1],
    ];
    for (const [lines, at] of cases) expect(verifyLedgerText(text(lines)).firstBad).toMatchObject({ line: at, reason: 'malformed' });
  });
});

describe('byte-level line check', () => {
  it('accepts exactly what LEDGER_LINE accepts, on valid lines and random mutations of them', () => {
    const good = ledger(12);
    const alphabet = ['0', '9', 'a', 'f', 'g', 'Z', 'T', '-', ':', ' ', '|', '\t', '\u00a0', 'x', '1', '3', '2', 'b', 'r', 'u', 'n', '.'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'insert', 'delete'), ch: fc.constantFrom(...alphabet) }), { maxLength: 3 }),
        (which, edits) => {
          let line = good[which]!;
          for (const { at, op, ch } of edits) {
            const i = at % (line.length + 1);
            line = op === 'set' ? line.slice(0, i) + ch + line.slice(i + 1) : op === 'insert' ? line.slice(0, i) + ch + line.slice(i) : line.slice(0, i) + line.slice(i + 1);
          }
          const bytes = Buffer.from(line, 'latin1');
          expect(isLedgerLineBytes(bytes, 0, bytes.length)).toBe(LEDGER_LINE.test(bytes.toString('latin1')));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
