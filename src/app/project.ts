// Finds the project root (the folder holding specgate.yaml, else the current directory) and loads
// its config through the one schema, turning problems into a ConfigError that names the line.
import * as path from 'node:path';
import type { FileSystem } from '../core/ports.js';
import { ExitCode, SpecgateError, type ErrorDetails } from '../core/errors.js';
import type { ConfigProblem } from '../core/config/parse.js';
import { DEFAULT_CONFIG } from '../core/config/defaults.js';
import type { Mode, SpecgateConfig } from '../core/config/schema.js';
import { isInside, readUntrusted } from './untrusted-read.js';

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

/** A config larger than this is not a config. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The schema keeps configured paths lexically inside the project; a folder committed as a
 * symlink (`reports -> /etc`) would still lead writes outside, so the folders specgate writes to
 * are resolved too when they exist.
 */
async function confineOutputFolders(fs: FileSystem, root: string, file: string, config: SpecgateConfig): Promise<void> {
  const realRoot = await fs.realpath(root);
  const folders = { reports: config.reports, 'generate.out': config.generate.out, 'generate.docs': config.generate.docs };
  for (const [key, folder] of Object.entries(folders)) {
    const absolute = path.resolve(root, folder);
    if ((await fs.lstat(absolute)) === undefined) continue;
    const real = await fs.realpath(absolute).catch(() => undefined);
    if (real !== undefined && isInside(realRoot, real)) continue;
    throw new ConfigError('CONFIG_INVALID', `${key}: ${folder} resolves to ${real ?? 'nothing (a dangling symlink)'}, outside the project`, [], {
      path: file,
      hint: `${key} must be a folder inside the project; replace the symlink with a real folder`,
    });
  }
}

/** Loads the project at or above `cwd`. Throws ConfigError listing every problem. */
export async function loadProject(fs: FileSystem, cwd: string, modeOverride?: Mode): Promise<Project> {
  const { root, configFile } = await findProjectRoot(fs, cwd);
  if (configFile === undefined) {
    const config = structuredClone(DEFAULT_CONFIG);
    return { root, config, mode: modeOverride ?? config.mode, warnings: [] };
  }
  // specgate.yaml comes with the pull request: bounded, regular, inside the project.
  const bytes = await readUntrusted(fs, await fs.realpath(root), configFile, MAX_CONFIG_BYTES);
  if (typeof bytes === 'string') {
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read ${CONFIG_FILE}: ${bytes}`, [], {
      path: configFile,
      hint: 'specgate.yaml must be a readable regular file inside the project',
    });
  }
  const text = new TextDecoder().decode(bytes);
  const rel = path.relative(cwd, configFile) || CONFIG_FILE;
  // A valid config is checked by the generated validator; only problems need zod's wording.
  const { fastConfig } = await import('./config-fast.js');
  const fast = await fastConfig(fs, text, modeOverride);
  if (fast !== undefined) {
    await confineOutputFolders(fs, root, rel, fast.config);
    return { root, configFile, config: fast.config, mode: fast.mode, warnings: [] };
  }
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
  await confineOutputFolders(fs, root, rel, parsed.config);
  return { root, configFile, config: parsed.config, mode: modeOverride ?? parsed.config.mode, warnings: parsed.warnings };
}
