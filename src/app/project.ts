// Finds the project root (the folder holding specgate.yaml, else the current directory) and loads
// its config through the one schema, turning problems into a ConfigError that names the line.
import * as path from 'node:path';
import type { FileSystem } from '../core/ports.js';
import { ExitCode, SpecgateError, type ErrorDetails } from '../core/errors.js';
import type { ConfigProblem } from '../core/config/parse.js';
import { DEFAULT_CONFIG } from '../core/config/defaults.js';
import type { Mode, SpecgateConfig } from '../core/config/schema.js';

export const CONFIG_FILE = 'specgate.yaml';

export class ConfigError extends SpecgateError<'CONFIG_SYNTAX' | 'CONFIG_INVALID' | 'CONFIG_UNKNOWN_KEY' | 'CONFIG_UNREADABLE'> {
  readonly domain = 'config';
  constructor(
    code: ConfigError['code'],
    message: string,
    readonly problems: readonly ConfigProblem[],
    details: ErrorDetails = {},
  ) {
    super(code, message, ExitCode.usage, details);
  }
}

export interface Project {
  readonly root: string;
  /** Absolute path of specgate.yaml, or undefined when the project has none (all defaults). */
  readonly configFile?: string;
  readonly config: SpecgateConfig;
  readonly mode: Mode;
  readonly warnings: readonly ConfigProblem[];
}

/** Walks up from `start` to the nearest folder holding specgate.yaml. */
export async function findProjectRoot(fs: FileSystem, start: string): Promise<{ root: string; configFile?: string }> {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if ((await fs.stat(candidate))?.kind === 'file') return { root: dir, configFile: candidate };
    const parent = path.dirname(dir);
    if (parent === dir) return { root: path.resolve(start) };
    dir = parent;
  }
}

/** Loads the project at or above `cwd`. Throws ConfigError listing every problem. */
export async function loadProject(fs: FileSystem, cwd: string, modeOverride?: Mode): Promise<Project> {
  const { root, configFile } = await findProjectRoot(fs, cwd);
  if (configFile === undefined) {
    const config = structuredClone(DEFAULT_CONFIG);
    return { root, config, mode: modeOverride ?? config.mode, warnings: [] };
  }
  let text: string;
  try {
    text = await fs.readText(configFile);
  } catch (error) {
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read ${CONFIG_FILE}`, [], {
      path: configFile,
      cause: error,
      hint: 'check the file permissions',
    });
  }
  const rel = path.relative(cwd, configFile) || CONFIG_FILE;
  // zod and yaml load only when there is a file to parse.
  const { parseConfig } = await import('../core/config/parse.js');
  const parsed = parseConfig(text, rel, modeOverride);
  if (parsed.config === undefined) {
    const first = parsed.errors[0];
    const hint = 'every key is documented in schemas/specgate-config.schema.json and the README';
    if (parsed.errors.length === 1 && first) {
      throw new ConfigError(first.code, first.message, parsed.errors, { path: rel, line: first.line, column: first.column, hint });
    }
    const lines = parsed.errors.map((p) => `  ${p.file}:${p.line}:${p.column}: error ${p.code} ${p.message}`);
    throw new ConfigError(first?.code ?? 'CONFIG_INVALID', `${parsed.errors.length} problems in ${CONFIG_FILE}:\n${lines.join('\n')}`, parsed.errors, { hint });
  }
  return { root, configFile, config: parsed.config, mode: modeOverride ?? parsed.config.mode, warnings: parsed.warnings };
}
