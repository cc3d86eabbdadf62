import { describe, expect, it } from 'vitest';
import { CopyTextUnescaper, ledgerCopySql } from './pg-ledger-copy.js';

describe('COPY text-format unescaping for the central chain read', () => {
  it('restores backslashes and control characters, including an escape split across chunks', () => {
    const u = new CopyTextUnescaper();
    const parts = ['a\\\\b\\tc\\', 'nd e\\rf\\b\\f\\v\n', 'plain line\n'].map((p) => u.push(Buffer.from(p, 'latin1')));
    expect(Buffer.concat(parts).toString('latin1')).toBe('a\\b\tc\nd e\rf\b\f\v\nplain line\n');
  });

  it('passes a chunk without a backslash through unchanged (same buffer)', () => {
    const chunk = Buffer.from('x | 00ff\n');
    expect(new CopyTextUnescaper().push(chunk)).toBe(chunk);
  });

  it('inlines only a safe non-negative integer bound', () => {
    expect(ledgerCopySql({ after: 0, last: 42 })).toContain('WHERE seq <= 42 ORDER BY seq');
    expect(ledgerCopySql({ after: 7, last: 42 })).toContain('WHERE seq > 7 AND seq <= 42 ORDER BY seq');
    expect(() => ledgerCopySql({ after: 0, last: -1 })).toThrow(RangeError);
    expect(() => ledgerCopySql({ after: 1.5, last: 3 })).toThrow(RangeError);
  });
});
