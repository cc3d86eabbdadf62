// The error model stays one: every failure domain is declared with errorDomain (no hand-written
// constructors), every domain error is part of the public API, and each carries code, domain, hint
// and the exit code its domain assigns.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers/cli.js';
import * as api from '../index.js';
import { ExitCode, errorDomain, exitCodeOf, formatError, SpecgateError } from './errors.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

// Classes extending plain Error are internal signals caught inside one module (ControlError,
// CoverageParseError), never seen by a user; every other error class is a domain error.
const declarations = sourceFiles('src')
  .flatMap((file) => [...fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/export class (\w+Error) extends (\w+)/g)].map((m) => ({ file, name: m[1]!, base: m[2]! })))
  .filter((d) => d.base !== 'Error');

describe('the error model', () => {
  it('builds a domain error with code, domain, hint and the exit code of its code', () => {
    class DemoError extends errorDomain<'SOFT' | 'HARD'>('demo', (code) => (code === 'SOFT' ? ExitCode.usage : ExitCode.blocked)) {}
    const error = new DemoError('HARD', 'it broke', { path: 'a.txt', line: 3, hint: 'fix a.txt' });
    expect(error).toBeInstanceOf(SpecgateError);
    expect(error).toMatchObject({ name: 'DemoError', code: 'HARD', domain: 'demo', hint: 'fix a.txt', exitCode: 3 });
    expect(exitCodeOf(new DemoError('SOFT', 'x'))).toBe(2);
    expect(formatError(error)).toBe('a.txt:3: error HARD: it broke\n  hint: fix a.txt');
  });

  it('declares domains with errorDomain, not hand-written constructors', () => {
    // InterruptedError (one code, default message) and the three shells' errors that take an exit
    // code per call site are the remaining exceptions; the list may only shrink.
    const handWritten = declarations.filter((d) => d.base === 'SpecgateError').map((d) => d.name).sort();
    expect(handWritten).toEqual(['ConfigError', 'InterruptedError', 'PipelineError'].filter((n) => handWritten.includes(n)));
  });

  it('exports every public error class from src/index.ts, one class per domain', () => {
    const exported = new Set(Object.keys(api));
    expect(declarations.map((d) => d.name).filter((name) => !exported.has(name))).toEqual([]);
    const names = declarations.map((d) => d.name);
    expect(names.length).toBe(new Set(names).size);
  });
});
