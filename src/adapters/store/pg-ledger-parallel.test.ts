import { describe, expect, it } from 'vitest';
import { seqRanges } from './pg-ledger-parallel.js';

describe('cutting the central chain into ranges for the parallel check', () => {
  it('covers 1..last exactly once, in order, with no empty range', () => {
    for (const [last, count] of [[10, 3], [1_000_000, 2], [7, 8], [5, 1], [2, 2]] as const) {
      const ranges = seqRanges(last, count);
      expect(ranges[0]?.after).toBe(0);
      expect(ranges[ranges.length - 1]?.last).toBe(last);
      for (let k = 1; k < ranges.length; k += 1) expect(ranges[k]?.after).toBe(ranges[k - 1]?.last);
      expect(ranges.every((r) => r.last > r.after)).toBe(true);
      expect(ranges.length).toBe(Math.min(last, count));
    }
  });
});
