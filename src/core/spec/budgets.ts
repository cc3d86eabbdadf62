// Resource budgets on tagged elements (docs/contracts.md §1): each Feature, Rule and Scenario may declare
// one `@resource` tag; every tag is checked where it is written, and the walk shares valid budgets.
import type { Tag } from '@cucumber/messages';
import type { RawFinding } from './findings.js';
import { isResourceTag, parseResourceTag, type ResourceBudget } from './resource-tag.js';

/** Valid budgets by tag text. Budgets repeat across a spec set, and a valid tag parses the same
 * wherever it is written, so one run may share this cache across files. */
export type BudgetCache = Map<string, ResourceBudget>;

/** What the walk carries: the file, where findings go, and the shared budget cache. */
export interface Walk {
  readonly file: string;
  readonly findings: RawFinding[];
  readonly budgets: BudgetCache;
}

/** What one tagged element (Feature, Rule, Scenario) declares. */
export interface Declared {
  readonly declared: boolean;
  readonly budget?: ResourceBudget;
}

/** `Scenario "pay"`, for messages; unnamed elements are called so. */
export function describe(keyword: string, name: string): string {
  return name.trim() === '' ? `${keyword.trim()} (unnamed)` : `${keyword.trim()} "${name}"`;
}

export const UNDECLARED: Declared = { declared: false };

/** Checks an element's `@resource` tags: each one's syntax, and that there is at most one. */
export function declaredBy(walk: Walk, tags: readonly Tag[], element: () => string, scenario?: string): Declared {
  let first: Tag | undefined;
  let budget: ResourceBudget | undefined;
  for (const tag of tags) {
    if (!isResourceTag(tag.name)) continue;
    const at = { file: walk.file, line: tag.location.line, column: tag.location.column ?? 1, ...(scenario === undefined ? {} : { scenario }) };
    let parsed = walk.budgets.get(tag.name);
    if (parsed === undefined) {
      const result = parseResourceTag(tag.name, at);
      walk.findings.push(...result.findings);
      parsed = result.budget;
      if (parsed !== undefined) walk.budgets.set(tag.name, parsed);
    }
    if (first === undefined) {
      first = tag;
      budget = parsed;
    } else {
      walk.findings.push({
        ...at,
        code: 'RESOURCE_DUPLICATE_TAG',
        message: `${element()} has a second @resource tag (the first is on line ${first.location.line}); keep exactly one`,
      });
      // Two tags on one element leave its budget undefined: neither may silently win.
      budget = undefined;
    }
  }
  if (first === undefined) return UNDECLARED;
  return budget === undefined ? { declared: true } : { declared: true, budget };
}
