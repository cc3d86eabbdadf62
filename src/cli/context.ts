// What a command receives instead of `process`: only src/cli/main.ts touches the real one.
import type { Command } from 'commander';

export interface CliContext {
  /** Directory the user ran specgate in (or `-C DIR`). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is an interactive terminal and not CI: live progress is welcome. */
  readonly interactive: boolean;
  readonly color: boolean;
  /** The terminal's width now (it can be resized), when stdout is a terminal: live rows are cut to it. */
  readonly columns?: () => number | undefined;
  /** Aborted on SIGINT/SIGTERM; long work must watch it and stop cleanly. */
  readonly signal: AbortSignal;
  /** The version printed by `--version` and recorded in evidence. */
  readonly version: string;
  /** Set by the command: the process exit code (docs/contracts.md §8). */
  exitCode: number;
  /** Set by commands that keep serving (e.g. `serve`) so main does not exit under them. */
  keepAlive?: Promise<void>;
}

/** Each file in src/cli/commands registers one command (and its subcommands) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Help text block listing examples, appended after a command's options. */
export function examples(...lines: [command: string, what: string][]): string {
  const width = Math.max(...lines.map(([c]) => c.length));
  return `\nExamples:\n${lines.map(([c, w]) => `  $ ${c.padEnd(width)}  # ${w}`).join('\n')}\n`;
}

/** Writes a JSON document to stdout the one way every command does: two-space indent, newline. */
export function printJson(ctx: Pick<CliContext, 'stdout'>, value: unknown): void {
  ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Colour follows the conventions users set once for every tool: NO_COLOR (non-empty) turns it off
 * (no-color.org), FORCE_COLOR turns it on even through a pipe ("0"/"false" off), else a terminal decides.
 */
export function colorWanted(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
