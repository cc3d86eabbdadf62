// istanbul/nyc/vitest `coverage-summary.json` (json-summary reporter): the `total` entry.
import { CoverageParseError, percent, type CodeCoverage, type CoverageMetric, type CoverageReader } from './reader.js';

function metric(raw: unknown, name: string): CoverageMetric {
  if (typeof raw !== 'object' || raw === null) throw new CoverageParseError(`total.${name} is missing`);
  const { total, covered, pct } = raw as Record<string, unknown>;
  if (typeof total !== 'number' || typeof covered !== 'number' || total < 0 || covered < 0 || covered > total) {
    throw new CoverageParseError(`total.${name} needs numeric total ≥ covered ≥ 0`);
  }
  // vitest may write "pct": "Unknown" when there is nothing to measure.
  return { total, covered, pct: typeof pct === 'number' ? pct : percent(covered, total) };
}

export const istanbulSummaryReader: CoverageReader = {
  format: 'istanbul-summary',
  accepts: (fileName, text) => fileName.endsWith('.json') || text.trimStart().startsWith('{'),
  read(text: string): CodeCoverage {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CoverageParseError(`not JSON: ${(error as Error).message}`);
    }
    const total = (doc as { total?: unknown } | null)?.total;
    if (typeof total !== 'object' || total === null) {
      throw new CoverageParseError('no "total" entry (is this a json-summary coverage file?)');
    }
    const t = total as Record<string, unknown>;
    return {
      format: 'istanbul-summary',
      lines: metric(t.lines, 'lines'),
      statements: metric(t.statements, 'statements'),
      functions: metric(t.functions, 'functions'),
      branches: metric(t.branches, 'branches'),
    };
  },
};
