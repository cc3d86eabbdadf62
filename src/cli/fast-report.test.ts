// The fast path takes only the `report` invocations it can parse exactly as commander does and
// leaves everything else (writes, help, `--opt=value`, mistakes) to the full CLI.
import { describe, expect, it } from 'vitest';
import { reportArgs } from './fast-report.js';

describe('reportArgs', () => {
  it('parses a run and the read-only options with commander\'s defaults', () => {
    expect(reportArgs([])).toEqual({ run: 'latest', options: { format: 'md', trend: '10' } });
    expect(reportArgs(['20260103090000', '--reports', 'r', '--feature', 'abc', '--key', 'k.pem', '--format', 'html', '--trend', '3', '--json'])).toEqual({
      run: '20260103090000',
      options: { format: 'html', trend: '3', reports: 'r', feature: 'abc', key: 'k.pem', json: true },
    });
  });

  it('leaves --out, --help, --opt=value, a bad format, a missing value and a second run to the full CLI', () => {
    for (const args of [['--out', 'r.md'], ['--help'], ['--format=json'], ['--format', 'pdf'], ['--reports'], ['--key', '--json'], ['a', 'b']]) {
      expect(reportArgs(args)).toBeUndefined();
    }
  });
});
