// What `specgate init` learns from the project before writing specgate.yaml: the stacks present
// (package.json, pyproject.toml / requirements*.txt, go.mod) and the defaults that fit them —
// commands, coverage file, SAST, artifacts and the command that starts the service. Reads only.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { choosePython, type PythonProbe } from './python-interpreter.js';

export type Stack = 'node' | 'python' | 'go';

export interface DetectedProject {
  readonly stacks: readonly Stack[];
  /** Values merged over the config defaults (same shape as specgate.yaml). */
  readonly overrides: Record<string, unknown>;
  /** What init could not settle and the user should (e.g. no Python with pytest found). */
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

async function exists(fs: FileSystem, file: string, kind: 'file' | 'directory' = 'file'): Promise<boolean> {
  return (await fs.stat(file))?.kind === kind;
}

async function nodeDefaults(fs: FileSystem, root: string): Promise<Json> {
  let pkg: Json = {};
  try {
    const parsed: unknown = JSON.parse(await fs.readText(path.join(root, 'package.json')));
    if (isRecord(parsed)) pkg = parsed;
  } catch {
    // Unreadable package.json: defaults only; `specgate validate` will say what is wrong later.
  }
  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  const commands: Json = {};
  if (typeof scripts.lint === 'string') commands.lint = 'npm run -s lint';
  if (typeof scripts.test === 'string') commands.test = 'npm test --silent';
  if (typeof scripts.build === 'string') commands.build = 'npm run -s build';
  const start = typeof scripts.start === 'string' ? 'npm start --silent' : typeof pkg.main === 'string' ? `node ${pkg.main}` : undefined;
  return {
    commands,
    coverage: { file: 'coverage/coverage-summary.json' },
    sast: { include: (await exists(fs, path.join(root, 'src'), 'directory')) ? ['src'] : ['.'] },
    deploy: { ...(start === undefined ? {} : { command: start }), artifacts: typeof scripts.build === 'string' ? ['dist', 'package.json'] : ['package.json'] },
    // In a mixed repository the TypeScript target wins (lists join, scalars keep the first stack's).
    generate: { target: 'typescript', ...(start === undefined ? {} : { scenarios: { command: start } }) },
  };
}

/** The importable package: `app/`, `src/<name>/` or `<name>/` holding an __init__.py. */
async function pythonPackage(fs: FileSystem, root: string): Promise<string | undefined> {
  for (const candidate of ['app', 'src', path.basename(root).replace(/-/g, '_')]) {
    if (await exists(fs, path.join(root, candidate, '__init__.py'))) return candidate;
  }
  return undefined;
}

async function pythonDefaults(fs: FileSystem, root: string, warnings: string[], probe?: PythonProbe): Promise<Json> {
  const pkg = (await pythonPackage(fs, root)) ?? 'app';
  const declared = (await Promise.all(['requirements.txt', 'pyproject.toml'].map(async (f) => ((await exists(fs, path.join(root, f))) ? fs.readText(path.join(root, f)) : '')))).join('\n');
  const web = /^\s*"?fastapi\b/im.test(declared) || /^\s*"?starlette\b/im.test(declared);
  const served = web && (await exists(fs, path.join(root, pkg, 'main.py')));
  const python = await choosePython(fs, root, ['pytest', 'pytest_cov', ...(served ? ['uvicorn'] : [])], probe);
  if (python.warning !== undefined) warnings.push(python.warning);
  const py = python.command;
  const start = served ? `${py} -m uvicorn ${pkg}.main:app --host 127.0.0.1 --port "$PORT"` : undefined;
  const requirements = (await exists(fs, path.join(root, 'requirements.txt'))) ? ['requirements.txt'] : [];
  return {
    commands: { test: `${py} -m pytest -q --cov=${pkg} --cov-report=lcov:coverage/lcov.info`, build: `${py} -m compileall -q ${pkg}` },
    coverage: { file: 'coverage/lcov.info' },
    sast: { include: [pkg], bandit: true },
    deploy: { ...(start === undefined ? {} : { command: start }), artifacts: [pkg, ...requirements] },
    // The Python generator target: a package beside the service's own (`app.generated`).
    generate: { target: 'python-fastapi', out: `${pkg}/generated`, ...(start === undefined ? {} : { scenarios: { command: start } }) },
  };
}

function goDefaults(): Json {
  return {
    commands: { test: 'go test ./...', build: 'go build -o dist/service .' },
    // Bandit and ESLint do not read Go: gosec writes SARIF that specgate ingests with its coverage.
    sast: { include: ['.'], commands: [{ name: 'gosec', run: 'gosec -quiet -fmt sarif -out gosec.sarif ./...', sarif: 'gosec.sarif' }] },
    deploy: { command: './dist/service', artifacts: ['dist'] },
    generate: { scenarios: { command: 'go run .' } },
  };
}

/** Deep merge where lists are joined (sast.include of a mixed repo covers both stacks). */
function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    if (isRecord(current) && isRecord(value)) out[key] = merge(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) out[key] = [...new Set([...(current as unknown[]), ...(value as unknown[])])];
    else if (current === undefined) out[key] = value;
  }
  return out;
}

/** `probe` asks Python interpreters which has the modules; without it init writes /usr/bin/python3 when present. */
export async function detectProject(fs: FileSystem, root: string, probe?: PythonProbe): Promise<DetectedProject> {
  const names = new Set(await fs.readdir(root).catch(() => [] as string[]));
  const stacks: Stack[] = [];
  const warnings: string[] = [];
  let overrides: Json = {};
  if (names.has('package.json')) {
    stacks.push('node');
    overrides = merge(overrides, await nodeDefaults(fs, root));
  }
  if (names.has('pyproject.toml') || [...names].some((n) => /^requirements[^/]*\.txt$/i.test(n))) {
    stacks.push('python');
    overrides = merge(overrides, await pythonDefaults(fs, root, warnings, probe));
  }
  if (names.has('go.mod')) {
    stacks.push('go');
    overrides = merge(overrides, goDefaults());
  }
  return { stacks, overrides, warnings };
}
