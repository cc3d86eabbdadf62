// Differential test of the ledger verifier: the fast path (lines accepted in place, in one forward
// pass, the chain compared as one string) must give exactly the answer of the reference verifier
// (regex shape check, every line through the general path) on intact ledgers and on random damage:
// edited bytes, inserted and deleted bytes and lines, swapped and duplicated lines, truncation,
// forged chains, CRLF, over-long lines — fed in random chunks. Seeded: SPECGATE_TEST_SEED replays.
import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../../../test/helpers/seed.js';
import { ReferenceLedgerVerifier } from '../../../test/helpers/ledger-verifier-reference.js';
import { chainOf, GENESIS_CHAIN } from './checkpoint.js';
import { LEDGER_STAGES, LEDGER_STATUSES } from './vocabulary.js';
import { LedgerVerifier } from './verify.js';

const pick = <T>(r: SeededRandom, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)]!;
const int = (r: SeededRandom, n: number): number => Math.floor(r.next() * n);

function randomText(r: SeededRandom, i: number): string {
  const time = new Date(Date.UTC(2025, int(r, 12), 1 + int(r, 28), int(r, 24), int(r, 60), int(r, 60))).toISOString().slice(0, 19);
  const runId = `2025092414${String(1000 + i).slice(-4)}${r.next() < 0.3 ? `-${1 + int(r, 99999)}` : ''}`;
  const sha = Array.from({ length: 12 }, () => pick(r, [...'0123456789abcdef'])).join('');
  const artifact = pick(r, ['-', 'spec-validation-report.json', `w${i}.json`, 'a/b/c.txt', 'x'.repeat(1 + int(r, 200))]);
  return `${time}Z | ${runId} | ${sha} | ${pick(r, LEDGER_STAGES)} | ${pick(r, LEDGER_STATUSES)} | ${artifact}`;
}

function randomLedger(r: SeededRandom, n: number): string[] {
  let prev = GENESIS_CHAIN;
  return Array.from({ length: n }, (_, i) => {
    const text = randomText(r, i);
    prev = chainOf(prev, text);
    return `${text} | ${prev}`;
  });
}

/** Bytes an attacker or a broken writer might put anywhere in a line. */
const NASTY = [0x0a, 0x0d, 0x20, 0x7c, 0x09, 0xa0, 0x30, 0x39, 0x61, 0x66, 0x67, 0x41, 0x46, 0x2d, 0x3a, 0x5a, 0x54, 0xc3, 0x00, 0xff];

type Damage = (r: SeededRandom, lines: string[]) => Buffer;
const join = (lines: readonly string[]): Buffer => Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1');
const DAMAGES: Record<string, Damage> = {
  none: (_r, lines) => join(lines),
  setByte: (r, lines) => {
    const b = join(lines);
    b[int(r, b.length)] = pick(r, NASTY);
    return b;
  },
  insertByte: (r, lines) => {
    const b = join(lines);
    const at = int(r, b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from([pick(r, NASTY)]), b.subarray(at)]);
  },
  deleteByte: (r, lines) => {
    const b = join(lines);
    const at = int(r, b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
  },
  truncate: (r, lines) => join(lines).subarray(0, int(r, join(lines).length)),
  swapLines: (r, lines) => {
    const i = int(r, lines.length - 1);
    const copy = [...lines];
    [copy[i], copy[i + 1]] = [copy[i + 1]!, copy[i]!];
    return join(copy);
  },
  deleteLine: (r, lines) => join(lines.filter((_, i) => i !== int(r, lines.length))),
  duplicateLine: (r, lines) => {
    const i = int(r, lines.length);
    return join([...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)]);
  },
  forgeLine: (r, lines) => {
    const i = int(r, lines.length);
    const text = randomText(r, i);
    // Chained from the wrong predecessor, from the right one but with a changed field, or garbage.
    const chain = pick(r, [chainOf(GENESIS_CHAIN, text), chainOf(lines[Math.max(i - 1, 0)]!.slice(-64), text), 'ab'.repeat(32), 'AB'.repeat(32)]);
    return join([...lines.slice(0, i), `${text} | ${chain}`, ...lines.slice(i + 1)]);
  },
  oddLine: (r, lines) => {
    const i = int(r, lines.length + 1);
    const odd = pick(r, ['', '\r', `${lines[0]!}\r`, 'x'.repeat(5000), `${lines[0]!.slice(0, -67)}${'y'.repeat(4100)} | ${'0'.repeat(64)}`]);
    return join([...lines.slice(0, i), odd, ...lines.slice(i)]);
  },
};

function feedAll(v: { feed(c: Uint8Array): void; readonly done: boolean }, bytes: Buffer, r: SeededRandom): void {
  // Mostly big chunks (the fast path's case), sometimes tiny ones that cut lines anywhere.
  const max = r.next() < 0.5 ? bytes.length + 1 : 1 + int(r, 400);
  for (let at = 0; at < bytes.length && !v.done; ) {
    const n = 1 + int(r, max);
    v.feed(Uint8Array.prototype.slice.call(bytes, at, at + n));
    at += n;
  }
}

describe('LedgerVerifier against the reference verifier', () => {
  it('gives exactly the same verdict (ok, lines, head, first bad line, reason, message) on random damage', () => {
    const r = seededRandom('ledger verifier differential');
    const seen = new Set<string>();
    for (let k = 0; k < 1500; k += 1) {
      const lines = randomLedger(r, 1 + int(r, 12));
      const damage = pick(r, Object.keys(DAMAGES));
      const bytes = DAMAGES[damage]!(r, lines);
      const chunkSeed = r.next();
      const fast = new LedgerVerifier();
      const reference = new ReferenceLedgerVerifier();
      feedAll(fast, bytes, seededRandom('chunks', Math.floor(chunkSeed * 2 ** 32)));
      feedAll(reference, bytes, seededRandom('chunks', Math.floor(chunkSeed * 2 ** 32)));
      const want = reference.end();
      expect({ case: k, damage, result: fast.end() }).toEqual({ case: k, damage, result: want });
      seen.add(want.firstBad?.reason ?? 'ok');
    }
    // The damage must actually reach every verdict, or this test would prove little.
    expect([...seen].sort()).toEqual(['chain-mismatch', 'edited', 'malformed', 'ok', 'reordered', 'torn']);
  });
});
