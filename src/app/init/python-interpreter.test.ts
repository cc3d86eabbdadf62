import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { choosePython, processProbe, type PythonProbe } from './python-interpreter.js';

const fs = new NodeFileSystem();
/** A probe where only the listed interpreters have the modules, answering with the given paths. */
const fakeProbe = (have: Record<string, string>): PythonProbe => (interpreter) => Promise.resolve(have[interpreter]);

describe('choosePython', () => {
  it('skips a python3 on PATH without the modules (a pyenv shim) for the distribution one', async () => {
    expect(await choosePython(fs, '/p', ['pytest'], fakeProbe({ '/usr/bin/python3': '/usr/bin/python3' }))).toEqual({ command: '/usr/bin/python3' });
  });

  it('keeps an activated venv inside the project relative, one outside absolute', async () => {
    expect(await choosePython(fs, '/p', ['pytest'], fakeProbe({ python3: '/p/.venv/bin/python3' }))).toEqual({ command: './.venv/bin/python3' });
    expect(await choosePython(fs, '/p', ['pytest'], fakeProbe({ python3: '/opt/venv/bin/python3' }))).toEqual({ command: '/opt/venv/bin/python3' });
  });

  it('says what to install when no interpreter has the modules', async () => {
    const chosen = await choosePython(fs, '/p', ['pytest', 'uvicorn'], fakeProbe({}));
    expect(chosen.warning).toMatch(/no python3 found with pytest, uvicorn: .*python3-uvicorn/);
  });

  it('asks a real interpreter: a module that does not exist is never found', async () => {
    const probe = processProbe(new NodeProcessRunner(), '/');
    expect(await probe('/usr/bin/python3', ['json'])).toBe('/usr/bin/python3');
    expect(await probe('/usr/bin/python3', ['json', 'no_such_module_specgate'])).toBeUndefined();
    expect(await probe('/nonexistent/python3', ['json'])).toBeUndefined();
  });
});
