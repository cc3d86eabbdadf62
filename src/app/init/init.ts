// `specgate init`: scaffolds a project — a commented specgate.yaml valid against the config
// schema, one example feature, and .gitignore entries for evidence and scratch space. Plans every
// file first, then writes each atomically; rerunning changes nothing (idempotent).
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { errorDomain, ExitCode, UsageError } from '../../core/errors.js';
import { CONFIG_FILE } from '../project.js';
import { configTemplate } from './config-template.js';
import { detectProject } from './detect.js';
import type { PythonProbe } from './python-interpreter.js';

export class InitError extends errorDomain<'INIT_CONFIG_EXISTS' | 'INIT_PATH_BLOCKED'>('init', ExitCode.usage) {}

export const EXAMPLE_FEATURE_PATH = 'features/example.feature';

export const EXAMPLE_FEATURE = `Feature: Greeting
  As an API consumer
  I want a personal greeting
  So that I know the service is up and knows who I am

  # Every scenario declares its budget: cpu in cores, memory and storage in MB, story points.
  @resource:cpu=0.25,memory=256,storage=50,story_points=3
  Scenario: Greet a visitor by name
    Given the service is running
    When I request a greeting for "Ada"
    Then the response status is 200
    And the greeting is "Hello, Ada!"
`;

/** Lines specgate needs ignored: evidence (published as CI artifacts) and worktree scratch space. */
export const GITIGNORE_ENTRIES = ['reports/', '.specgate/'] as const;

export interface InitOptions {
  readonly fs: FileSystem;
  /** The folder to scaffold; nothing is written outside it. */
  readonly root: string;
  /** Project name; defaults to the folder name. */
  readonly name?: string;
  /** Overwrite an existing specgate.yaml. */
  readonly force?: boolean;
  /** Asks Python interpreters which has pytest (see python-interpreter.ts); without it /usr/bin/python3 is assumed. */
  readonly pythonProbe?: PythonProbe;
}

export type FileAction = 'created' | 'overwritten' | 'updated' | 'unchanged';

export interface InitResult {
  readonly root: string;
  /** Files init wrote or found as it would write them; files it did not touch are not listed. */
  readonly files: readonly { readonly path: string; readonly action: FileAction }[];
  /** Stacks found in the folder (package.json, pyproject.toml / requirements*.txt, go.mod). */
  readonly stacks: readonly string[];
  /** What init could not settle (e.g. no Python with pytest found). */
  readonly warnings: readonly string[];
}

interface PlannedWrite {
  readonly path: string;
  readonly action: FileAction;
  readonly content?: string;
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const { fs, root } = options;
  const name = (options.name ?? path.basename(path.resolve(root))).trim();
  if (name === '' || /[\r\n]/.test(name)) {
    throw new UsageError('INVALID_ARGUMENT', `invalid project name '${name}'`, { hint: 'pass a one-line name with --name' });
  }
  if ((await fs.stat(root))?.kind !== 'directory') {
    throw new UsageError('PATH_NOT_FOUND', `folder ${root} does not exist`, { path: root, hint: 'create it first or pass -C DIR' });
  }

  const detected = await detectProject(fs, root, options.pythonProbe);
  const example = await planExample(fs, root);
  const plan: PlannedWrite[] = [await planConfig(fs, root, name, options.force === true, detected.overrides), ...(example === undefined ? [] : [example]), await planGitignore(fs, root)];

  for (const write of plan) {
    if (write.content === undefined) continue;
    const target = path.join(root, write.path);
    await fs.mkdirp(path.dirname(target));
    await fs.writeAtomic(target, write.content);
  }
  return { root, files: plan.map(({ path: p, action }) => ({ path: p, action })), stacks: detected.stacks, warnings: detected.warnings };
}

async function planConfig(fs: FileSystem, root: string, name: string, force: boolean, overrides: Record<string, unknown>): Promise<PlannedWrite> {
  const target = path.join(root, CONFIG_FILE);
  const info = await fs.lstat(target);
  const content = configTemplate(name, overrides);
  if (info === undefined) return { path: CONFIG_FILE, action: 'created', content };
  if (info.kind === 'directory') throw blocked(CONFIG_FILE, 'is a folder');
  if (!force) {
    throw new InitError('INIT_CONFIG_EXISTS', `${CONFIG_FILE} already exists in ${root}; not overwriting it`, {
      path: CONFIG_FILE,
      hint: 'keep it (specgate validate checks it), or rerun with --force to replace it with a fresh commented template',
    });
  }
  const current = info.kind === 'file' ? await fs.readText(target) : undefined;
  return current === content ? { path: CONFIG_FILE, action: 'unchanged' } : { path: CONFIG_FILE, action: 'overwritten', content };
}

/**
 * The example is only added to a project without specs: it would change an existing spec set's
 * feature SHA. Left out, it is not reported (init names only the files it touched or would write).
 */
async function planExample(fs: FileSystem, root: string): Promise<PlannedWrite | undefined> {
  const folder = path.join(root, 'features');
  const info = await fs.stat(folder);
  if (info !== undefined && info.kind !== 'directory') throw blocked('features', 'exists but is not a folder');
  const current = path.join(root, EXAMPLE_FEATURE_PATH);
  if ((await fs.stat(current))?.kind === 'file') return (await fs.readText(current)) === EXAMPLE_FEATURE ? { path: EXAMPLE_FEATURE_PATH, action: 'unchanged' } : undefined;
  if (info !== undefined && (await containsFeature(fs, folder))) return undefined;
  return { path: EXAMPLE_FEATURE_PATH, action: 'created', content: EXAMPLE_FEATURE };
}

async function containsFeature(fs: FileSystem, dir: string): Promise<boolean> {
  for (const entry of await fs.readdir(dir)) {
    const abs = path.join(dir, entry);
    const info = await fs.lstat(abs);
    if (entry.endsWith('.feature') && info?.kind !== 'directory') return true;
    if (info?.kind === 'directory' && (await containsFeature(fs, abs))) return true;
  }
  return false;
}

/** Normalises gitignore patterns that ignore the same top-level folder (`reports`, `/reports/`, …). */
function ignoreKey(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/$/, '');
}

async function planGitignore(fs: FileSystem, root: string): Promise<PlannedWrite> {
  const target = path.join(root, '.gitignore');
  const info = await fs.lstat(target);
  if (info?.kind === 'directory') throw blocked('.gitignore', 'is a folder');
  const current = info === undefined ? '' : await fs.readText(target);
  const present = new Set(current.split(/\r?\n/).map(ignoreKey));
  const missing = GITIGNORE_ENTRIES.filter((e) => !present.has(ignoreKey(e)));
  if (missing.length === 0) return { path: '.gitignore', action: 'unchanged' };
  const separator = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  const block = `# specgate: run evidence (published as CI artifacts) and scratch worktrees\n${missing.join('\n')}\n`;
  return { path: '.gitignore', action: info === undefined ? 'created' : 'updated', content: `${current}${separator}${block}` };
}

function blocked(name: string, why: string): InitError {
  return new InitError('INIT_PATH_BLOCKED', `${name} ${why}; specgate init needs that name`, {
    path: name,
    hint: `rename or remove ${name}, then rerun specgate init`,
  });
}
