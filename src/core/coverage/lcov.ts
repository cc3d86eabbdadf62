// lcov.info tracefiles: lines, functions (FNF/FNH) and branches (BRF/BRH) summed over records.
// Line totals come from the record's DA entries when it has them (what genhtml counts): some
// writers' LF/LH summaries are wrong — coverage.py 6.5 writes LH above LF — and DA is the data.
import { CoverageParseError, percent, type CodeCoverage, type CoverageReader } from './reader.js';

type Sums = Record<'LF' | 'LH' | 'FNF' | 'FNH' | 'BRF' | 'BRH', number>;

export const lcovReader: CoverageReader = {
  format: 'lcov',
  accepts: (fileName, text) => fileName.endsWith('.info') || /^(TN|SF):/m.test(text),
  read(text: string): CodeCoverage {
    const sums: Sums = { LF: 0, LH: 0, FNF: 0, FNH: 0, BRF: 0, BRH: 0 };
    let record: Sums & { daFound: number; daHit: number } = { ...sums, daFound: 0, daHit: 0 };
    let records = 0;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === 'end_of_record') {
        records += 1;
        const fromDa = record.daFound > 0;
        sums.LF += fromDa ? record.daFound : record.LF;
        sums.LH += fromDa ? record.daHit : record.LH;
        for (const key of ['FNF', 'FNH', 'BRF', 'BRH'] as const) sums[key] += record[key];
        record = { LF: 0, LH: 0, FNF: 0, FNH: 0, BRF: 0, BRH: 0, daFound: 0, daHit: 0 };
        return;
      }
      const da = /^DA:(\d+),(-?\d+)/.exec(line);
      if (da) {
        record.daFound += 1;
        if (Number(da[2]) > 0) record.daHit += 1;
        return;
      }
      const match = /^(LF|LH|FNF|FNH|BRF|BRH):(.*)$/.exec(line);
      if (!match) return;
      const value = Number(match[2]);
      if (!Number.isInteger(value) || value < 0) {
        throw new CoverageParseError(`${match[1]} must be a non-negative integer, got '${match[2]}'`, index + 1);
      }
      record[match[1] as keyof Sums] += value;
    });
    if (records === 0) throw new CoverageParseError('no end_of_record: not an lcov tracefile');
    const m = (covered: number, total: number) => ({ total, covered, pct: percent(covered, total) });
    return {
      format: 'lcov',
      lines: m(sums.LH, sums.LF),
      functions: m(sums.FNH, sums.FNF),
      branches: m(sums.BRH, sums.BRF),
    };
  },
};
