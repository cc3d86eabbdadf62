// A small step library for specifying a command-line tool: scenarios build a throw-away project,
// run the real CLI in it and check exit code and output. specgate specifies its own CLI with it
// (features/*.feature at the repository root).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookup, parseExpected, assertEqualJson, snippet } from './assertions.js';

type Code = (this: object, ...args: never[]) => unknown;

export interface CliStepsApi {
  Given(pattern: RegExp, code: Code): void;
  When(pattern: RegExp, options: { timeout: number }, code: Code): void;
  Then(pattern: RegExp, code: Code): void;
  After(code: (this: object) => unknown): void;
}

export interface CliStepsOptions {
  /** The executable `I run "<name> …"` starts; default: specgate's own bin/specgate. */
  readonly bin?: string;
  /** The program name scenarios write (`specgate`). */
  readonly name?: string;
  readonly timeoutMs?: number;
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly command: string;
}

interface CliState {
  dir?: string;
  result?: CliResult;
}

const states = new WeakMap<object, CliState>();
const stateOf = (world: object): CliState => {
  let state = states.get(world);
  if (!state) states.set(world, (state = {}));
  return state;
};

function projectDir(world: object): string {
  const state = stateOf(world);
  state.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-cli-scenario-'));
  return state.dir;
}

/** Splits `validate "my file.feature" --json` the way a shell would (quotes, no expansion). */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) args.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
  return args;
}

function inside(dir: string, rel: string): string {
  const target = path.resolve(dir, rel);
  const back = path.relative(dir, target);
  if (back.startsWith('..') || path.isAbsolute(back)) throw new Error(`"${rel}" is outside the scenario's project folder`);
  return target;
}

function run(bin: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

type LastResult = (world: object) => CliResult;

/** Steps that set up the project folder a scenario runs in. */
function defineProjectSteps(api: CliStepsApi): void {
  api.Given(/^an empty project$/, function (this: object) {
    projectDir(this);
  });

  api.Given(/^the project file "([^"]+)" contains:$/, function (this: object, rel: string, content: string) {
    const target = inside(projectDir(this), rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content.endsWith('\n') ? content : `${content}\n`);
  });

  api.Given(/^the project file "([^"]+)" has its line (\d+) replaced by "(.*)"$/, function (this: object, rel: string, line: string, text: string) {
    const target = inside(projectDir(this), rel);
    const lines = fs.readFileSync(target, 'utf8').split('\n');
    if (Number(line) < 1 || Number(line) > lines.length) throw new Error(`${rel} has no line ${line}`);
    lines[Number(line) - 1] = text;
    fs.writeFileSync(target, lines.join('\n'));
  });

}

function defineRunStep(api: CliStepsApi, bin: string, name: string, timeoutMs: number): void {
  // Cucumber's own step timeout (5 s by default) must outlast the command's: a busy machine slows
  // `specgate run`, and only the command's timeout should decide when it has taken too long.
  api.When(new RegExp(`^I run "${name}(?: (.*))?"(?: again)?$`), { timeout: timeoutMs + 5_000 }, async function (this: object, argLine: string | undefined) {
    const args = splitArgs(argLine ?? '');
    const result = await run(bin, args, projectDir(this), timeoutMs);
    stateOf(this).result = { ...result, command: `${name} ${argLine ?? ''}`.trim() };
  });

}

/** Steps about the last command's exit code and output. */
function defineOutputSteps(api: CliStepsApi, last: LastResult): void {
  api.Then(/^the exit code is (\d+)$/, function (this: object, code: string) {
    const r = last(this);
    if (r.code !== Number(code)) {
      throw new Error(`${r.command}: expected exit code ${code}, got ${r.code}\nstdout: ${snippet(r.stdout)}\nstderr: ${snippet(r.stderr)}`);
    }
  });

  api.Then(/^the output contains "(.*)"$/, function (this: object, text: string) {
    const r = last(this);
    if (!`${r.stdout}${r.stderr}`.includes(text)) throw new Error(`${r.command}: output lacks "${text}"\nstdout: ${snippet(r.stdout)}\nstderr: ${snippet(r.stderr)}`);
  });

  api.Then(/^the output does not contain "(.*)"$/, function (this: object, text: string) {
    const r = last(this);
    if (`${r.stdout}${r.stderr}`.includes(text)) throw new Error(`${r.command}: output unexpectedly contains "${text}"`);
  });

  api.Then(/^the output matches \/(.+)\/$/, function (this: object, source: string) {
    const r = last(this);
    if (!new RegExp(source, 'm').test(`${r.stdout}${r.stderr}`)) throw new Error(`${r.command}: output does not match /${source}/\nstdout: ${snippet(r.stdout)}`);
  });

  api.Then(/^the JSON output contains "([^"]+)": (.+)$/, function (this: object, field: string, value: string) {
    const r = last(this);
    let doc: unknown;
    try {
      doc = JSON.parse(r.stdout) as unknown;
    } catch {
      throw new Error(`${r.command}: stdout is not JSON: ${snippet(r.stdout)}`);
    }
    const found = lookup(doc, field);
    if (!found.found) throw new Error(`${r.command}: JSON output has no "${field}"`);
    assertEqualJson(found.value, parseExpected(value), `"${field}"`);
  });

}

/** Steps about the files the command left in the project. */
function defineFileSteps(api: CliStepsApi): void {
  api.Then(/^the project file "([^"]+)" contains "(.*)"$/, function (this: object, rel: string, text: string) {
    const target = inside(projectDir(this), rel);
    if (!fs.existsSync(target)) throw new Error(`${rel} does not exist`);
    if (!fs.readFileSync(target, 'utf8').includes(text)) throw new Error(`${rel} lacks "${text}":\n${snippet(fs.readFileSync(target, 'utf8'))}`);
  });

  api.Then(/^the project file "([^"]+)" exists$/, function (this: object, rel: string) {
    if (!fs.existsSync(inside(projectDir(this), rel))) throw new Error(`${rel} does not exist`);
  });

}

export function defineCliSteps(api: CliStepsApi, options: CliStepsOptions = {}): void {
  const bin = options.bin ?? fileURLToPath(new URL('../../bin/specgate', import.meta.url));
  const name = options.name ?? 'specgate';
  const last: LastResult = (world) => {
    const result = stateOf(world).result;
    if (!result) throw new Error(`no command has run yet: a 'When I run "${name} …"' step must come first`);
    return result;
  };
  defineProjectSteps(api);
  defineRunStep(api, bin, name, options.timeoutMs ?? 60_000);
  defineOutputSteps(api, last);
  defineFileSteps(api);
  api.After(function (this: object) {
    const dir = states.get(this)?.dir;
    if (dir !== undefined && !process.env.KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  });
}
