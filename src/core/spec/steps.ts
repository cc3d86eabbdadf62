// The step rule of docs/contracts.md §1: after Background steps are prepended, a scenario needs a context,
// an action and an outcome step. Types come from the parser's keyword types, so every dialect works.
import type { Step } from '@cucumber/messages';

/** Step types as bits, so a scenario's coverage of Given/When/Then is one integer. */
export const CONTEXT = 1;
export const ACTION = 2;
export const OUTCOME = 4;

function bitOf(keywordType: unknown): number {
  if (keywordType === 'Context') return CONTEXT;
  if (keywordType === 'Action') return ACTION;
  return keywordType === 'Outcome' ? OUTCOME : 0;
}

/** Step types as the official pickle compiler assigns them: And/But take the previous step's type. */
export function stepTypes(background: readonly Step[], steps: readonly Step[]): number {
  // The compiler prepends Background steps only to scenarios that have steps of their own.
  if (steps.length === 0) return 0;
  let seen = 0;
  let last = 0;
  const total = background.length + steps.length;
  for (let i = 0; i < total; i += 1) {
    const step = (i < background.length ? background[i] : steps[i - background.length]) as Step;
    // `*` (Unknown) resets the type; a conjunction keeps the previous one.
    const kind: unknown = step.keywordType;
    if (kind !== 'Conjunction') last = bitOf(kind);
    seen |= last;
  }
  return seen;
}

export const REQUIRED_STEPS = [
  [CONTEXT, 'STEP_MISSING_GIVEN', 'Given (context)'],
  [ACTION, 'STEP_MISSING_WHEN', 'When (action)'],
  [OUTCOME, 'STEP_MISSING_THEN', 'Then (outcome)'],
] as const;
