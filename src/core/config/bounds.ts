// Hostile config is normal (specgate runs on pull requests): every path the config names must stay
// inside the project, and every duration has a ceiling. Lexical checks only; the run also
// resolves symlinks before writing evidence (docs/security.md).
import { z } from 'zod';

/** Node's timers hold a signed 32-bit millisecond count; anything larger fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Relative, not absolute, no drive letter, no NUL and no `..` segment at all: a pattern (not a
 * refinement) so the published JSON Schema and the generated fast validator enforce it too.
 */
export const PROJECT_PATH_PATTERN = /^(?![/\\])(?![A-Za-z]:)(?!(?:.*[/\\])?\.\.(?:[/\\]|$))[^\0]+$/;

/** A file or folder the config names, relative to the project root and inside it. */
export function projectPath(): z.ZodString {
  return z
    .string()
    .min(1)
    .regex(PROJECT_PATH_PATTERN, { message: 'must be a path inside the project: relative to the project root, no leading / and no ..' });
}

/** Named ceilings, so docs and errors say what a bound is for. */
export const DURATION_CEILINGS = {
  /** One command (lint, test, build, generator, smoke, scenarios): a day is already absurd. */
  command: 24 * 60 * 60,
  /** A health probe request or interval. */
  probe: 60 * 60,
  /** Waiting for a release to become healthy or stable, or between deploy retries. */
  deployWait: 6 * 60 * 60,
} as const;

/**
 * A duration in seconds with a ceiling well under MAX_TIMER_MS: `commandSeconds: 3000000` once
 * overflowed Node's timer and killed every command at once.
 */
export function seconds(ceiling: keyof typeof DURATION_CEILINGS, options: { allowZero?: boolean } = {}): z.ZodNumber {
  const max = DURATION_CEILINGS[ceiling];
  const base = options.allowZero === true ? z.number().min(0) : z.number().positive();
  return base.max(max, { message: `at most ${max} seconds (${ceiling} durations are capped; see docs/security.md)` });
}
