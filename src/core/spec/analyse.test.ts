import { describe, expect, it } from 'vitest';
import { analyseSpecFile } from './analyse.js';

const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const analyse = (text: string | Uint8Array) => analyseSpecFile('features/a.feature', typeof text === 'string' ? enc(text) : text);
const codes = (text: string | Uint8Array): string[] => analyse(text).findings.map((f) => `${f.line}:${f.code}`);

describe('analyseSpecFile: budgets', () => {
  it('inherits scenario > Rule > Feature and records where the budget came from', () => {
    const { model, findings } = analyse(`${R}
Feature: f
  Scenario: from feature
    Given a
    When b
    Then c
  @resource:cpu=1,memory=1024,storage=200,story_points=5
  Rule: r
    Scenario: from rule
      Given a
      When b
      Then c
    @resource:cpu=2,memory=2048,storage=300,story_points=8
    Scenario: own
      Given a
      When b
      Then c
`);
    expect(findings).toEqual([]);
    expect(model.scenarios.map((s) => [s.name, s.budgetSource, s.budget?.cpuMillis, s.rule])).toEqual([
      ['from feature', 'feature', 500, undefined],
      ['from rule', 'rule', 1000, 'r'],
      ['own', 'scenario', 2000, 'r'],
    ]);
  });

  it('an invalid own tag still wins: no fallback to the feature, no RESOURCE_MISSING', () => {
    const { model, findings } = analyse(`${R}
Feature: f
  @resource:cpu=99,memory=512,storage=100,story_points=3
  Scenario: s
    Given a
    When b
    Then c
`);
    expect(findings.map((f) => f.code)).toEqual(['RESOURCE_OUT_OF_RANGE']);
    expect(findings[0]).toMatchObject({ line: 3, column: 3, key: 'cpu', scenario: 's' });
    expect(model.scenarios[0]?.budget).toBeUndefined();
    expect(model.scenarios[0]?.budgetSource).toBe('scenario');
  });

  it('two @resource tags on one element: RESOURCE_DUPLICATE_TAG at the second tag, neither applies', () => {
    const { model, findings } = analyse(`Feature: f
  ${R}
  ${R}
  Scenario: s
    Given a
    When b
    Then c
`);
    expect(findings.map((f) => [f.line, f.code])).toEqual([[3, 'RESOURCE_DUPLICATE_TAG']]);
    expect(model.scenarios[0]?.budget).toBeUndefined();
  });

  it('a shared budget cache never hides an invalid tag, in this file or the next', () => {
    const bad = '@resource:cpu=0.1234,memory=512,storage=100,story_points=3';
    const text = `Feature: f\n  ${bad}\n  Scenario: a\n    Given a\n    When b\n    Then c\n  ${bad}\n  Scenario: b\n    Given a\n    When b\n    Then c\n  ${R}\n  Scenario: c\n    Given a\n    When b\n    Then c\n`;
    const cache = new Map();
    const first = analyseSpecFile('features/a.feature', enc(text), cache);
    const second = analyseSpecFile('features/b.feature', enc(text), cache);
    for (const result of [first, second]) {
      expect(result.findings.map((f) => [f.line, f.code])).toEqual([
        [2, 'RESOURCE_PRECISION'],
        [7, 'RESOURCE_PRECISION'],
      ]);
      expect(result.model.scenarios.map((s) => s.budget?.cpuMillis)).toEqual([undefined, undefined, 500]);
    }
    expect([...cache.keys()]).toEqual([R]);
  });

  it('a scenario tag and a feature tag are not duplicates', () => {
    expect(codes(`${R}\nFeature: f\n  ${R}\n  Scenario: s\n    Given a\n    When b\n    Then c\n`)).toEqual([]);
  });

  it('reports RESOURCE_MISSING at the scenario keyword line', () => {
    expect(analyse('Feature: f\n\n  Scenario: s\n    Given a\n    When b\n    Then c\n').findings).toEqual([
      expect.objectContaining({ code: 'RESOURCE_MISSING', line: 3, column: 3, scenario: 's' }),
    ]);
  });

  it('counts an Outline as one scenario and its rows as examples', () => {
    const { model } = analyse(`${R}
Feature: f
  Scenario Outline: o <n>
    Given <n>
    When b
    Then c
    Examples:
      | n |
      | 1 |
      | 2 |
    Examples:
      | n |
      | 3 |
`);
    expect(model.scenarios).toHaveLength(1);
    expect(model.scenarios[0]).toMatchObject({ outline: true, examples: 3, pickles: 3 });
  });
});

describe('analyseSpecFile: steps', () => {
  const scenario = (steps: string, background = ''): string[] =>
    codes(`${R}\nFeature: f\n${background ? `  Background:\n${background}\n` : ''}  Scenario: s\n${steps}\n`).map((c) => c.split(':')[1] ?? '');

  it('requires Given, When and Then', () => {
    expect(scenario('    When b\n    Then c')).toEqual(['STEP_MISSING_GIVEN']);
    expect(scenario('    Given a\n    Then c')).toEqual(['STEP_MISSING_WHEN']);
    expect(scenario('    Given a\n    When b')).toEqual(['STEP_MISSING_THEN']);
  });
  it('prepends Background steps', () => {
    expect(scenario('    When b\n    Then c', '    Given a')).toEqual([]);
  });
  it('And/But take the type of the step before them', () => {
    expect(scenario('    Given a\n    When b\n    And c\n    But d')).toEqual(['STEP_MISSING_THEN']);
    expect(scenario('    Given a\n    Then c\n    And d')).toEqual(['STEP_MISSING_WHEN']);
  });
  it('a * step is untyped and so is an And after it', () => {
    expect(scenario('    * a\n    And b\n    When c\n    Then d')).toEqual(['STEP_MISSING_GIVEN']);
  });
  it('a scenario without steps gets no Background steps (as the pickle compiler does)', () => {
    expect(scenario('', '    Given a')).toEqual(['STEP_MISSING_GIVEN', 'STEP_MISSING_THEN', 'STEP_MISSING_WHEN']);
  });
  it('uses keyword types, so other languages work', () => {
    const fr = `# language: fr\n${R}\nFonctionnalité: f\n  Scénario: s\n    Soit a\n    Et b\n    Alors c\n`;
    expect(codes(fr)).toEqual(['4:STEP_MISSING_WHEN']);
  });
});

describe('analyseSpecFile: one parser for many files', () => {
  it('leaks no dialect or open doc string from one file into the next', () => {
    const fr = `# language: fr\n${R}\nFonctionnalité: f\n  Scénario: s\n    Soit a\n    Quand b\n    Alors c\n`;
    const openDocString = `${R}\nFeature: f\n  Scenario: s\n    Given a\n      """\n      never closed\n`;
    const en = `${R}\nFeature: f\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;
    expect(codes(fr)).toEqual([]);
    expect(analyse(en).model.language).toBe('en');
    expect(codes(en)).toEqual([]);
    expect(codes(openDocString).map((c) => c.split(':')[1])).toEqual(['GHERKIN_SYNTAX']);
    expect(codes(en)).toEqual([]);
  });
});

describe('analyseSpecFile: odd input', () => {
  it('NO_SCENARIOS for an empty file, at line 1', () => {
    expect(codes('')).toEqual(['1:NO_SCENARIOS']);
  });
  it('NO_SCENARIOS at the Feature line when there is only a Background', () => {
    expect(codes('# comment\nFeature: f\n  Background:\n    Given a\n')).toEqual(['2:NO_SCENARIOS']);
  });
  it('GHERKIN_SYNTAX at the first invalid UTF-8 byte', () => {
    const bytes = new Uint8Array([...enc('Feature: f\n  Scenario: caf'), 0xe9, ...enc('\n')]);
    const { findings, model } = analyse(bytes);
    expect(findings).toEqual([expect.objectContaining({ code: 'GHERKIN_SYNTAX', line: 2, column: 16 })]);
    expect(findings[0]?.message).toMatch(/not valid UTF-8 \(byte 0xe9\)/);
    expect(model.parsed).toBe(false);
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('GHERKIN_SYNTAX for a binary file that happens to be valid UTF-8', () => {
    expect(analyse(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00])).findings).toEqual([
      expect.objectContaining({ code: 'GHERKIN_SYNTAX', line: 1, column: 7, message: expect.stringMatching(/NUL bytes/) }),
    ]);
  });
  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    expect(codes(`\uFEFF${R}\r\nFeature: f\r\n  Scenario: s\r\n    Given a\r\n    When b\r\n    Then c\r\n`)).toEqual([]);
  });
  it('reports every syntax error with the parser location, and nothing else', () => {
    expect(codes(`${R}\nFeature: f\n  Scenario: s\n    Given a\n      | a | b |\n      | c |\n  garbage\n`)).toEqual(['6:GHERKIN_SYNTAX', '7:GHERKIN_SYNTAX']);
  });
  it('reports an unknown language', () => {
    expect(analyse('# language: xx-nope\nFeature: f\n').findings).toEqual([
      expect.objectContaining({ code: 'GHERKIN_SYNTAX', line: 1, message: 'Language not supported: xx-nope' }),
    ]);
  });
});
