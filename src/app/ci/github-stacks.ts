// What each job installs for the project's own toolchain, per detected stack: `npm ci` is right
// for a Node project with a lockfile and wrong for a Python-only one (it fails without
// package-lock.json). Node.js itself is always set up: specgate runs on it.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { detectProject, type Stack } from '../init/detect.js';
import { PINNED_ACTIONS } from './pinned.js';

export interface ProjectToolchain {
  readonly stacks: readonly Stack[];
  /** The project has package-lock.json or npm-shrinkwrap.json (what `npm ci` needs). */
  readonly npmLock: boolean;
  /** requirements*.txt files in the project root, sorted. */
  readonly requirements: readonly string[];
}

/** Reads the project root once: which stacks are present and which lockfiles they have. */
export async function readToolchain(fs: FileSystem, root: string): Promise<ProjectToolchain> {
  const { stacks } = await detectProject(fs, root);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  return {
    stacks,
    npmLock: names.includes('package-lock.json') || names.includes('npm-shrinkwrap.json'),
    requirements: names.filter((n) => /^requirements[^/]*\.txt$/i.test(n)).sort(),
  };
}

/** A project nobody detected: the Node defaults the export always had. */
export const NODE_TOOLCHAIN: ProjectToolchain = { stacks: ['node'], npmLock: true, requirements: [] };

const posixJoin = (dir: string, file: string): string => (dir === '.' || dir === '' ? file : path.posix.join(dir, file));

function setupNode(toolchain: ProjectToolchain, projectDir: string): Record<string, unknown> {
  const cache = toolchain.stacks.includes('node') && toolchain.npmLock;
  return {
    name: `Set up Node.js (actions/setup-node ${PINNED_ACTIONS.setupNode.release})`,
    uses: PINNED_ACTIONS.setupNode.uses,
    with: { 'node-version': '${{ inputs.node-version }}', ...(cache ? { cache: 'npm', 'cache-dependency-path': posixJoin(projectDir, 'package-lock.json') } : {}) },
  };
}

function pythonInstall(toolchain: ProjectToolchain): Record<string, unknown> {
  const requirements = toolchain.requirements.map((f) => ` -r ${f}`).join('');
  const pip = requirements === '' ? 'python3 -m pip install .' : `python3 -m pip install${requirements}`;
  return {
    name: 'Install Python dependencies and Bandit',
    // Bandit from the distribution: the SAST stage runs it when installed.
    run: `${pip}\nsudo apt-get install -y --no-install-recommends bandit`,
  };
}

/** Setup and install steps for the detected stacks, in a fixed order (node, python, go). */
export function toolchainSteps(toolchain: ProjectToolchain, projectDir: string): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [setupNode(toolchain, projectDir)];
  if (toolchain.stacks.includes('node')) steps.push({ name: 'Install dependencies', run: toolchain.npmLock ? 'npm ci' : 'npm install --no-audit --no-fund' });
  if (toolchain.stacks.includes('python')) steps.push(pythonInstall(toolchain));
  if (toolchain.stacks.includes('go')) steps.push({ name: 'Download Go modules', run: 'go mod download' });
  return steps;
}
