// Turns specgate.yaml text into a typed config, or into problems that name line and column.
// Pure: the caller reads the file. Returns `{config, errors, warnings}` (changesets-style) so the
// CLI can show every problem at once.
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Mode, type SpecgateConfig } from './schema.js';

export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: 'CONFIG_SYNTAX' | 'CONFIG_INVALID' | 'CONFIG_UNKNOWN_KEY';
  readonly message: string;
}

export interface ParsedConfig {
  readonly config?: SpecgateConfig;
  readonly errors: readonly ConfigProblem[];
  readonly warnings: readonly ConfigProblem[];
}

type PathKey = string | number;

function locate(doc: Document, counter: LineCounter, path: readonly PathKey[], key?: string): { line: number; column: number } {
  // Walk to the deepest node that exists; point at the key itself when reporting an unknown key.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return position(counter, range[0]);
    }
    if (node?.range) return position(counter, node.range[0]);
  }
  return { line: 1, column: 1 };
}

function position(counter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

/**
 * Parses and validates config text. Unknown keys are errors in compliance mode and warnings in
 * sandbox mode (docs/contracts.md §6: sandbox warns and continues); `mode` is the mode in force, which the
 * caller takes from the command line or, failing that, from the file itself.
 */
export function parseConfig(text: string, file: string, modeOverride?: Mode): ParsedConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const pos = position(counter, e.pos[0]);
        return { file, ...pos, code: 'CONFIG_SYNTAX' as const, message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}` };
      }),
      warnings: [],
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  const fileMode = (raw as { mode?: unknown } | null)?.mode;
  const mode: Mode = modeOverride ?? (fileMode === 'compliance' ? 'compliance' : 'sandbox');

  let input: unknown = raw;
  const unknownKeys: ConfigProblem[] = [];
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const result = configSchema.safeParse(input);
    const unrecognised = result.success ? [] : result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unrecognised.length === 0) {
      if (result.success) {
        const severityErrors = mode === 'compliance' ? unknownKeys : [];
        return {
          ...(severityErrors.length === 0 ? { config: result.data } : {}),
          errors: byPosition(severityErrors),
          warnings: mode === 'compliance' ? [] : byPosition(unknownKeys),
        };
      }
      const errors = result.error.issues.map((issue) => ({
        file,
        ...locate(doc, counter, issue.path as PathKey[]),
        code: 'CONFIG_INVALID' as const,
        message: describe(issue),
      }));
      return {
        errors: byPosition([...(mode === 'compliance' ? unknownKeys : []), ...errors]),
        warnings: mode === 'compliance' ? [] : byPosition(unknownKeys),
      };
    }
    // Record each unknown key at its own line, drop it, and validate the rest.
    input = structuredClone(input);
    for (const issue of unrecognised) {
      if (issue.code !== 'unrecognized_keys') continue;
      const parentPath = issue.path as PathKey[];
      const parent = parentPath.reduce<unknown>((o, k) => (o as Record<PathKey, unknown>)[k], input) as Record<string, unknown>;
      for (const key of issue.keys) {
        unknownKeys.push({
          file,
          ...locate(doc, counter, parentPath, key),
          code: 'CONFIG_UNKNOWN_KEY',
          message: `unknown key '${[...parentPath, key].join('.')}' (check its spelling against schemas/specgate-config.schema.json)`,
        });
        delete parent[key];
      }
    }
  }
  return { errors: byPosition(unknownKeys), warnings: [] };
}

function byPosition(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The config a project without specgate.yaml gets: every default. */
export function defaultConfig(): SpecgateConfig {
  return configSchema.parse({});
}
