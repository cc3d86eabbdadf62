// Which Python `specgate init` writes into the commands. A bare `python3` is whatever comes first
// on PATH when the pipeline runs (a pyenv shim, another venv) and may lack pytest; so init asks each
// candidate whether it has the modules the commands use and writes the path of the first that does.
import * as path from 'node:path';
import type { FileSystem, ProcessRunner } from '../../core/ports.js';

/** The interpreter's own path when every module is importable, else undefined. */
export type PythonProbe = (interpreter: string, modules: readonly string[]) => Promise<string | undefined>;

export interface ChosenPython {
  /** What the commands call: a path relative to the project (a venv inside it) or absolute. */
  readonly command: string;
  /** Set when no candidate had the modules: what to install. */
  readonly warning?: string;
}

/** PATH's python3 first (an activated venv is what its owner means), then the distribution's. */
const CANDIDATES = ['python3', '/usr/bin/python3'] as const;
const SYSTEM_PYTHON = '/usr/bin/python3';

/** Asks an interpreter with `find_spec` (nothing imported, nothing run) whether the modules exist. */
export function processProbe(processes: ProcessRunner, cwd: string): PythonProbe {
  return async (interpreter, modules) => {
    const code = `import sys, importlib.util as u\nmissing = [m for m in ${JSON.stringify(modules)} if u.find_spec(m) is None]\nprint("" if missing else sys.executable)`;
    try {
      const result = await processes.run({ command: interpreter, args: ['-c', code], cwd, timeoutMs: 10_000 });
      const exe = result.exitCode === 0 ? result.stdout.trim() : '';
      return exe === '' ? undefined : exe;
    } catch {
      return undefined; // not installed: the next candidate
    }
  };
}

export async function choosePython(fs: FileSystem, root: string, modules: readonly string[], probe?: PythonProbe): Promise<ChosenPython> {
  for (const candidate of probe === undefined ? [] : CANDIDATES) {
    const exe = await probe?.(candidate, modules);
    if (exe === undefined) continue;
    const inside = path.relative(root, exe);
    return { command: inside.startsWith('..') || path.isAbsolute(inside) ? exe : `./${inside.split(path.sep).join('/')}` };
  }
  const fallback = (await fs.stat(SYSTEM_PYTHON))?.kind === 'file' ? SYSTEM_PYTHON : 'python3';
  if (probe === undefined) return { command: fallback };
  return {
    command: fallback,
    warning: `no python3 found with ${modules.join(', ')}: the commands use ${fallback}; install them (Debian: python3-pytest python3-pytest-cov${modules.includes('uvicorn') ? ' python3-uvicorn' : ''}) or edit specgate.yaml`,
  };
}
