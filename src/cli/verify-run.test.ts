import { describe, expect, it } from 'vitest';
import { verifyArgs } from './verify-run.js';

describe('verifyArgs (the verify fast path takes only what it fully understands)', () => {
  it('reads one target with --key, --feature and --json in any order', () => {
    expect(verifyArgs(['latest', '--key', 'k.pub', '--json', '--feature', 'abc'])).toEqual({ target: 'latest', options: { key: 'k.pub', json: true, feature: 'abc' } });
    expect(verifyArgs(['--json', 'run'])).toEqual({ target: 'run', options: { json: true } });
  });

  it('leaves help, unknown options, missing values and anything but one target to commander', () => {
    for (const args of [[], ['--help'], ['run', '-h'], ['run', '--key'], ['run', '--key', '--json'], ['a', 'b'], ['run', '--key=k.pub'], ['run', '--verbose']]) {
      expect(verifyArgs(args), args.join(' ')).toBeUndefined();
    }
  });
});
