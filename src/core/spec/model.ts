// The parsed spec model: what preflight hands to later stages (budgets, scenario counts, digests).
// Built once from the parser's AST; nothing is parsed twice.
import type { ResourceBudget } from './resource-tag.js';

/** Where a scenario's effective `@resource` tag was written (docs/contracts.md §1 inheritance). */
export type BudgetSource = 'scenario' | 'rule' | 'feature';

export interface ScenarioSpec {
  /** POSIX path relative to the project root. */
  readonly file: string;
  /** Line and column of the Scenario keyword. */
  readonly line: number;
  readonly column: number;
  readonly feature: string;
  readonly rule?: string;
  readonly name: string;
  /** The keyword as written, in the file's language (`Scenario Outline`, `Szenariogrundriss`, …). */
  readonly keyword: string;
  /** Has Examples: counts as one scenario for budgets, its rows are `examples`. */
  readonly outline: boolean;
  /** Example rows across all Examples tables (0 for a plain scenario). */
  readonly examples: number;
  /** Pickles the official compiler makes of it: 1 for a plain scenario, one per example row otherwise. */
  readonly pickles: number;
  /** Every tag in force (Feature, Rule, Scenario), by name, sorted and unique. */
  readonly tags: readonly string[];
  /** The valid budget in force, if any. */
  readonly budget?: ResourceBudget;
  /** Which element's tag applies; present whenever some `@resource` tag applies, valid or not. */
  readonly budgetSource?: BudgetSource;
}

export interface SpecFileModel {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** The parser produced an AST (no GHERKIN_SYNTAX finding). */
  readonly parsed: boolean;
  readonly language?: string;
  readonly feature?: { readonly name: string; readonly keyword: string; readonly line: number; readonly column: number };
  readonly scenarios: readonly ScenarioSpec[];
  /**
   * Present only when the scenarios were dropped after counting (`withoutScenarios`): their counts,
   * so a report-only validation of 20,000 files does not keep 200,000 scenario records.
   */
  readonly counted?: Pick<SpecCounts, 'features' | 'scenarios' | 'examples' | 'pickles'>;
}

export interface SpecModel {
  readonly featureSha: string;
  /** Sorted by path bytewise, like the feature SHA manifest. */
  readonly files: readonly SpecFileModel[];
}

export interface SpecCounts {
  readonly files: number;
  readonly features: number;
  readonly scenarios: number;
  readonly examples: number;
  readonly pickles: number;
}

export function countSpecs(files: readonly SpecFileModel[]): SpecCounts {
  let features = 0;
  let scenarios = 0;
  let examples = 0;
  let pickles = 0;
  for (const file of files) {
    const counted = file.counted ?? countScenarios(file);
    features += counted.features;
    scenarios += counted.scenarios;
    examples += counted.examples;
    pickles += counted.pickles;
  }
  return { files: files.length, features, scenarios, examples, pickles };
}

function countScenarios(file: SpecFileModel): NonNullable<SpecFileModel['counted']> {
  let examples = 0;
  let pickles = 0;
  for (const s of file.scenarios) {
    examples += s.examples;
    pickles += s.pickles;
  }
  return { features: file.feature === undefined ? 0 : 1, scenarios: file.scenarios.length, examples, pickles };
}

/** The file's model with its scenarios replaced by their counts: all a validation report needs. */
export function withoutScenarios(file: SpecFileModel): SpecFileModel {
  return { ...file, scenarios: [], counted: countScenarios(file) };
}
