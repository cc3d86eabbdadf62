// The exported workflow installs what the project's stacks need: npm ci only for a Node project
// with a lockfile, pip + Bandit for Python, go mod download for Go.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { githubWorkflow } from './github.js';
import { readToolchain, type ProjectToolchain } from './github-stacks.js';

const PYTHON_EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/python-service');
type Step = { name?: string; run?: string; with?: Record<string, unknown> };
const firstJobSteps = (toolchain: ProjectToolchain): Step[] =>
  (Object.values(githubWorkflow({ projectDir: '.', reportsDir: 'reports', version: '0.1.0', toolchain }).jobs as Record<string, { steps: Step[] }>)[0]!).steps;

describe('CI export per stack', () => {
  it('installs a Python-only project with pip from its requirements and Bandit, without npm ci or an npm cache', async () => {
    const toolchain = await readToolchain(new NodeFileSystem(), PYTHON_EXAMPLE);
    expect(toolchain).toEqual({ stacks: ['python'], npmLock: false, requirements: ['requirements-dev.txt', 'requirements.txt'] });
    const steps = firstJobSteps(toolchain);
    expect(steps.some((s) => s.run?.includes('npm ci') === true)).toBe(false);
    expect(steps.find((s) => s.name?.startsWith('Set up Node.js'))?.with).toEqual({ 'node-version': '${{ inputs.node-version }}' });
    expect(steps.find((s) => s.name === 'Install Python dependencies and Bandit')?.run).toBe(
      'python3 -m pip install -r requirements-dev.txt -r requirements.txt\nsudo apt-get install -y --no-install-recommends bandit',
    );
  });

  it('runs npm ci only with a lockfile, and installs every stack of a mixed repository', () => {
    // The toolchain steps: everything between checkout and the pinned specgate.
    const runs = (t: ProjectToolchain) => {
      const steps = firstJobSteps(t);
      return steps.slice(0, steps.findIndex((s) => s.name === 'Install specgate (pinned)')).flatMap((s) => (s.run === undefined ? [] : [s.run.split('\n')[0]]));
    };
    expect(runs({ stacks: ['node'], npmLock: true, requirements: [] })).toEqual(['npm ci']);
    expect(runs({ stacks: ['node'], npmLock: false, requirements: [] })).toEqual(['npm install --no-audit --no-fund']);
    expect(runs({ stacks: ['node', 'python', 'go'], npmLock: true, requirements: [] })).toEqual(['npm ci', 'python3 -m pip install .', 'go mod download']);
  });
});
