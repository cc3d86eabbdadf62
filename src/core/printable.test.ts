import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';
import { formatFinding } from './spec/findings.js';

describe('printable', () => {
  it('escapes what could forge a log line, repaint a terminal or reorder text, and nothing else', () => {
    expect(printable('features/x\n::error::pwned.feature')).toBe('features/x\\n::error::pwned.feature');
    expect(printable('a\rb\tc\u001b[2Jd')).toBe('a\\rb\\tc\\u001b[2Jd');
    expect(printable('\u202egnp.feature\u2028')).toBe('\\u202egnp.feature\\u2028');
    expect(printable('features/ünï 日本語 -rf.feature')).toBe('features/ünï 日本語 -rf.feature');
  });

  it('keeps a finding on one line whatever its file name or scenario name hold', () => {
    const finding = { file: 'features/a\n::error::x.feature', line: 2, column: 3, severity: 'warning', code: 'STEP_MISSING_THEN', message: 'scenario "s\u001b[2J" has no Then' } as const;
    expect(formatFinding(finding)).toBe('features/a\\n::error::x.feature:2:3: warning STEP_MISSING_THEN scenario "s\\u001b[2J" has no Then');
  });
});
