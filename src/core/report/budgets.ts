// Budgets visible: what the specs declared (story points, CPU, memory, storage per scenario and per
// feature, from resource-estimates.json) beside what the deploy stage measured on the running service
// (deploy-report.json). The service is measured as a whole, so measured usage sits beside the
// declared peak, which is what the deploy compares it with. Memory is in MiB throughout.
import { arr, bool, num, obj, str } from './read.js';

export interface DeclaredBudget {
  readonly storyPoints: number | null;
  readonly cpu: number | null;
  readonly memoryMi: number | null;
  readonly storageMb: number | null;
}

export interface BudgetRow extends DeclaredBudget {
  readonly feature: string;
  /** Empty for a feature's total row. */
  readonly scenario: string;
  readonly location: string;
}

export interface MeasuredUsage {
  readonly peakRssMi: number | null;
  readonly cpuPeak: number | null;
  readonly cpuMean: number | null;
  readonly limits: { readonly cpu: number | null; readonly memoryMi: number | null };
  readonly within: boolean | null;
}

export interface Budgets {
  readonly scenarios: readonly BudgetRow[];
  readonly features: readonly BudgetRow[];
  /** Story points summed; CPU, memory and storage as the peak of one scenario (what one instance must hold). */
  readonly total: DeclaredBudget & { readonly scenarios: number };
  readonly unbudgeted: readonly string[];
  /** null: the run did not measure usage (no deploy, or deploy failed before measuring). */
  readonly measured: MeasuredUsage | null;
}

const declared = (v: unknown, peak: boolean): DeclaredBudget => {
  const n = (key: string): number | null => (peak ? num(v, `${key}.peak`, key) : num(v, key)) ?? null;
  return { storyPoints: num(v, 'story_points', 'storyPoints') ?? null, cpu: n('cpu'), memoryMi: n('memory'), storageMb: n('storage') };
};

function measuredUsage(estimates: unknown, deploy: unknown): MeasuredUsage | null {
  // The deploy report is the primary record; resource-estimates.json carries a copy once deploy measured.
  const m = obj(deploy, 'resources.measured') ?? obj(estimates, 'measured');
  if (m === undefined) return null;
  return {
    // Issue 12 renames peakRssMb to peakRssMi (the unit it always was): read both.
    peakRssMi: num(m, 'peakRssMi', 'peakRssMb') ?? null,
    cpuPeak: num(m, 'cpuPeak') ?? null,
    cpuMean: num(m, 'cpuMean') ?? null,
    limits: { cpu: num(m, 'limits.cpu') ?? null, memoryMi: num(m, 'limits.memoryMi') ?? null },
    within: bool(m, 'withinLimits', 'withinLimits.all') ?? null,
  };
}

/** The budgets of a run, or null when it has no readable resource-estimates.json. */
export function budgetFacts(estimates: unknown, deploy: unknown): Budgets | null {
  if (estimates === undefined || estimates === null || typeof estimates !== 'object') return null;
  const scenarios = arr(estimates, 'scenarios').map((s): BudgetRow => ({
    feature: str(s, 'feature') ?? '',
    scenario: str(s, 'scenario') ?? '?',
    location: `${str(s, 'file') ?? '?'}:${num(s, 'line') ?? '?'}`,
    ...declared(s, false),
  }));
  const features = arr(estimates, 'features').map((f): BudgetRow => ({ feature: str(f, 'feature') ?? '', scenario: '', location: str(f, 'file') ?? '?', ...declared(f, true) }));
  const totals = (estimates as { totals?: unknown }).totals;
  return {
    scenarios,
    features,
    total: { scenarios: num(totals, 'scenarios') ?? scenarios.length, ...declared(totals, true) },
    unbudgeted: arr(estimates, 'unbudgeted').map((u) => `${str(u, 'scenario') ?? '?'} (${str(u, 'file') ?? '?'}:${num(u, 'line') ?? '?'})`),
    measured: measuredUsage(estimates, deploy),
  };
}
