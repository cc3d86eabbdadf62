// lcov.info tracefiles: sums LF/LH (lines), FNF/FNH (functions) and BRF/BRH (branches) over records.
import { CoverageParseError, percent, type CodeCoverage, type CoverageReader } from './reader.js';

export const lcovReader: CoverageReader = {
  format: 'lcov',
  accepts: (fileName, text) => fileName.endsWith('.info') || /^(TN|SF):/m.test(text),
  read(text: string): CodeCoverage {
    const sums = { LF: 0, LH: 0, FNF: 0, FNH: 0, BRF: 0, BRH: 0 };
    let records = 0;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === 'end_of_record') records += 1;
      const match = /^(LF|LH|FNF|FNH|BRF|BRH):(.*)$/.exec(line);
      if (!match) return;
      const value = Number(match[2]);
      if (!Number.isInteger(value) || value < 0) {
        throw new CoverageParseError(`${match[1]} must be a non-negative integer, got '${match[2]}'`, index + 1);
      }
      sums[match[1] as keyof typeof sums] += value;
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
