// The `resource-estimates.json` document (docs/contracts.md §3): the budgets the specs declare, per scenario,
// per feature and in total. `measured` stays null here; the deploy stage fills it after deploy.
// Pure: built from the spec model alone. cpu is summed in thousandths so totals are exact.
import type { BudgetSource, ScenarioSpec, SpecModel } from './model.js';
import { coresFromMillis, type ResourceBudget } from './resource-tag.js';

/** 1.1.0: `measured.peakRssMb` renamed `peakRssMi` (MiB, as before); 1.0.0 documents are still read. */
export const RESOURCE_ESTIMATES_SCHEMA_VERSION = '1.1.0';

export interface SumPeak {
  readonly sum: number;
  readonly peak: number;
}

export interface BudgetTotals {
  readonly scenarios: number;
  readonly cpu: SumPeak;
  readonly memory: SumPeak;
  readonly storage: SumPeak;
  readonly story_points: number;
}

export interface ScenarioEstimate {
  readonly file: string;
  readonly line: number;
  readonly feature: string;
  readonly rule?: string;
  readonly scenario: string;
  readonly cpu: number;
  readonly memory: number;
  readonly storage: number;
  readonly story_points: number;
  readonly examples: number;
  readonly source: BudgetSource;
}

export interface ResourceEstimates {
  readonly schemaVersion: typeof RESOURCE_ESTIMATES_SCHEMA_VERSION;
  readonly featureSha: string;
  readonly units: { readonly cpu: 'cores'; readonly memory: 'MB'; readonly storage: 'MB'; readonly story_points: 'points' };
  readonly scenarios: readonly ScenarioEstimate[];
  /** Scenarios without a valid budget (missing or invalid tag): listed, never guessed. */
  readonly unbudgeted: readonly { readonly file: string; readonly line: number; readonly scenario: string }[];
  readonly features: readonly (BudgetTotals & { readonly file: string; readonly feature: string })[];
  readonly totals: BudgetTotals;
  /** Filled by the deploy stage with observed usage; null until then. */
  readonly measured: null;
}

function totalsOf(budgets: readonly ResourceBudget[]): BudgetTotals {
  let cpu = 0;
  let cpuPeak = 0;
  let memory = 0;
  let memoryPeak = 0;
  let storage = 0;
  let storagePeak = 0;
  let points = 0;
  for (const b of budgets) {
    cpu += b.cpuMillis;
    cpuPeak = Math.max(cpuPeak, b.cpuMillis);
    memory += b.memory;
    memoryPeak = Math.max(memoryPeak, b.memory);
    storage += b.storage;
    storagePeak = Math.max(storagePeak, b.storage);
    points += b.story_points;
  }
  return {
    scenarios: budgets.length,
    cpu: { sum: coresFromMillis(cpu), peak: coresFromMillis(cpuPeak) },
    memory: { sum: memory, peak: memoryPeak },
    storage: { sum: storage, peak: storagePeak },
    story_points: points,
  };
}

function estimateOf(s: ScenarioSpec & { budget: ResourceBudget; budgetSource: BudgetSource }): ScenarioEstimate {
  return {
    file: s.file,
    line: s.line,
    feature: s.feature,
    ...(s.rule === undefined ? {} : { rule: s.rule }),
    scenario: s.name,
    cpu: coresFromMillis(s.budget.cpuMillis),
    memory: s.budget.memory,
    storage: s.budget.storage,
    story_points: s.budget.story_points,
    examples: s.examples,
    source: s.budgetSource,
  };
}

function isBudgeted(s: ScenarioSpec): s is ScenarioSpec & { budget: ResourceBudget; budgetSource: BudgetSource } {
  return s.budget !== undefined && s.budgetSource !== undefined;
}

export function buildResourceEstimates(model: SpecModel): ResourceEstimates {
  // model.files is sorted by path and scenarios are in file order, so the output is deterministic.
  const all = model.files.flatMap((f) => f.scenarios);
  const budgeted = all.filter(isBudgeted);
  return {
    schemaVersion: RESOURCE_ESTIMATES_SCHEMA_VERSION,
    featureSha: model.featureSha,
    units: { cpu: 'cores', memory: 'MB', storage: 'MB', story_points: 'points' },
    scenarios: budgeted.map(estimateOf),
    unbudgeted: all.filter((s) => !isBudgeted(s)).map((s) => ({ file: s.file, line: s.line, scenario: s.name })),
    features: model.files
      .filter((f) => f.feature !== undefined)
      .map((f) => ({
        file: f.path,
        feature: f.feature?.name ?? '',
        ...totalsOf(f.scenarios.filter(isBudgeted).map((s) => s.budget)),
      })),
    totals: totalsOf(budgeted.map((s) => s.budget)),
    measured: null,
  };
}
