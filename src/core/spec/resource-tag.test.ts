import { describe, expect, it } from 'vitest';
import { isResourceTag, parseResourceTag } from './resource-tag.js';

const at = { file: 'features/a.feature', line: 3, column: 3 };
const codes = (tag: string): string[] => parseResourceTag(tag, at).findings.map((f) => `${f.code}${f.key ? `:${f.key}` : ''}`);

describe('isResourceTag', () => {
  it.each([
    ['@resource:cpu=1', true],
    ['@resource', true],
    ['@resource=cpu', true],
    ['@resources:cpu=1', false],
    ['@resource_x', false],
    ['@Resource:cpu=1', false],
    ['@payments', false],
  ])('%s → %s', (tag, expected) => expect(isResourceTag(tag)).toBe(expected));
});

describe('parseResourceTag', () => {
  it('accepts every exact range bound', () => {
    for (const tag of [
      '@resource:cpu=0.1,memory=128,storage=10,story_points=1',
      '@resource:cpu=16.0,memory=32768,storage=100000,story_points=20',
      '@resource:cpu=0.125,memory=128,storage=10,story_points=1',
      '@resource:cpu=16.000,memory=32768,storage=100000,story_points=20',
    ]) {
      expect(parseResourceTag(tag, at).findings).toEqual([]);
    }
  });

  it('keeps cpu exact as thousandths, keys in any order', () => {
    expect(parseResourceTag('@resource:story_points=3,storage=10,memory=128,cpu=0.125', at).budget).toEqual({
      cpuMillis: 125,
      memory: 128,
      storage: 10,
      story_points: 3,
    });
  });

  it.each([
    ['@resource:cpu=0.099,memory=128,storage=10,story_points=1', ['RESOURCE_OUT_OF_RANGE:cpu']],
    ['@resource:cpu=16.001,memory=128,storage=10,story_points=1', ['RESOURCE_OUT_OF_RANGE:cpu']],
    ['@resource:cpu=1,memory=127,storage=10,story_points=1', ['RESOURCE_OUT_OF_RANGE:memory']],
    ['@resource:cpu=1,memory=32769,storage=10,story_points=1', ['RESOURCE_OUT_OF_RANGE:memory']],
    ['@resource:cpu=1,memory=128,storage=9,story_points=1', ['RESOURCE_OUT_OF_RANGE:storage']],
    ['@resource:cpu=1,memory=128,storage=100001,story_points=1', ['RESOURCE_OUT_OF_RANGE:storage']],
    ['@resource:cpu=1,memory=128,storage=10,story_points=0', ['RESOURCE_OUT_OF_RANGE:story_points']],
    ['@resource:cpu=1,memory=128,storage=10,story_points=21', ['RESOURCE_OUT_OF_RANGE:story_points']],
    ['@resource:cpu=0.1234,memory=128,storage=10,story_points=1', ['RESOURCE_PRECISION:cpu']],
    ['@resource:cpu=1,memory=128.5,storage=10,story_points=1', ['RESOURCE_NOT_INTEGER:memory']],
    ['@resource:cpu=1,memory=128,storage=10.0,story_points=1', ['RESOURCE_NOT_INTEGER:storage']],
    ['@resource:cpu=1,memory=128,storage=10,story_points=1.5', ['RESOURCE_NOT_INTEGER:story_points']],
    ['@resource:cpu=1e1,memory=128,storage=10,story_points=1', ['RESOURCE_MALFORMED:cpu']],
    ['@resource:cpu=.5,memory=128,storage=10,story_points=1', ['RESOURCE_MALFORMED:cpu']],
    ['@resource:cpu=1,memory=128,storage=10,story_points=1,gpu=2', ['RESOURCE_UNKNOWN_KEY:gpu']],
    ['@resource:cpu=1,cpu=2,memory=128,storage=10,story_points=1', ['RESOURCE_DUPLICATE_KEY:cpu']],
    ['@resource:cpu=1,memory=128,story_points=1', ['RESOURCE_MISSING_KEY:storage']],
    ['@resource', ['RESOURCE_MALFORMED']],
    ['@resource:', ['RESOURCE_MALFORMED']],
    ['@resource=cpu=1', ['RESOURCE_MALFORMED']],
    ['@resource:cpu=1,,memory=128,storage=10,story_points=1', ['RESOURCE_MALFORMED']],
    ['@resource:cpu,memory=128,storage=10,story_points=1', ['RESOURCE_MALFORMED']],
  ])('%s → %j', (tag, expected) => {
    expect(codes(tag)).toEqual(expected);
    expect(parseResourceTag(tag, at).budget).toBeUndefined();
  });

  it('reports every problem in one tag, at the tag', () => {
    const { findings } = parseResourceTag('@resource:cpu=0.1234,memory=1,gpu=1', at);
    expect(findings.map((f) => [f.code, f.key, f.line, f.column])).toEqual([
      ['RESOURCE_PRECISION', 'cpu', 3, 3],
      ['RESOURCE_OUT_OF_RANGE', 'memory', 3, 3],
      ['RESOURCE_UNKNOWN_KEY', 'gpu', 3, 3],
      ['RESOURCE_MISSING_KEY', 'storage', 3, 3],
      ['RESOURCE_MISSING_KEY', 'story_points', 3, 3],
    ]);
    expect(findings[0]?.message).toMatch(/^cpu=0\.1234 has 4 decimal places/);
  });
});
