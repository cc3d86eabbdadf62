// coverage.py's JSON report (`coverage json`, `pytest --cov-report=json`): totals of statements
// (lines) and, with branch coverage on, branches. Told from istanbul by its `meta` and `totals`.
import { CoverageParseError, percent, type CodeCoverage, type CoverageReader } from './reader.js';

const count = (totals: Record<string, unknown>, key: string): number => {
  const value = totals[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CoverageParseError(`totals.${key} must be a non-negative integer`);
  return value;
};

export const coveragePyReader: CoverageReader = {
  format: 'coverage-py',
  accepts: (fileName, text) => fileName.endsWith('.json') && /"meta"\s*:/.test(text) && /"totals"\s*:/.test(text) && /"num_statements"/.test(text),
  read(text: string): CodeCoverage {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new CoverageParseError('not valid JSON');
    }
    const totals = (doc as { totals?: unknown } | null)?.totals;
    if (typeof totals !== 'object' || totals === null) throw new CoverageParseError('no "totals" object: not a coverage.py JSON report');
    const t = totals as Record<string, unknown>;
    const statements = count(t, 'num_statements');
    const covered = count(t, 'covered_lines');
    const lines = { total: statements, covered, pct: percent(covered, statements) };
    if (typeof t.num_branches !== 'number') return { format: 'coverage-py', lines, statements: lines };
    const branches = count(t, 'num_branches');
    const hit = count(t, 'covered_branches');
    return { format: 'coverage-py', lines, statements: lines, branches: { total: branches, covered: hit, pct: percent(hit, branches) } };
  },
};
