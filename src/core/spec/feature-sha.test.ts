// The bytewise (LC_ALL=C) order of the feature SHA recipe: the quick code-unit sort must agree with
// comparing UTF-8 bytes for every string, astral characters and U+E000–U+FFFF included.
// Seed: SPECGATE_TEST_SEED=<n> replays a failing case; the seed in use is printed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSeed } from '../../../test/helpers/seed.js';
import { sortByPathBytes } from './feature-sha.js';

const seed = testSeed('sortByPathBytes property');

const byBytes = (paths: string[]): string[] => [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('sortByPathBytes', () => {
  it('sorts like the UTF-8 bytes', () => {
    const char = fc.constantFrom('a', 'B', '/', '-', 'ä', '\uE000', '\uFFFD', '😀', '𝔸', 'z');
    const pathArb = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(pathArb, { maxLength: 12 }), (paths) => {
        expect(sortByPathBytes(paths.map((path) => ({ path }))).map((f) => f.path)).toEqual(byBytes(paths));
      }),
      { seed },
    );
  });

  it('puts upper case before lower case and ASCII before other characters', () => {
    expect(sortByPathBytes(['ä', 'b', 'B', 'a'].map((path) => ({ path }))).map((f) => f.path)).toEqual(['B', 'a', 'b', 'ä']);
  });
});
