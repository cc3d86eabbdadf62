// The HTTP step library: the sentences of LIBRARY_STEPS (src/core/generate/step-catalog.ts) bound
// to implementations. Registered on whatever cucumber instance the caller hands in, so a project
// with its own @cucumber/cucumber gets the steps on that instance.
import { LIBRARY_STEPS, parseFieldList } from '../core/generate/step-catalog.js';
import { assertEqualJson, lookup, parseExpected, snippet } from './assertions.js';
import { HttpWorld } from './world.js';

type Code = (this: HttpWorld, ...args: never[]) => unknown;

/** The parts of `@cucumber/cucumber` the library uses. */
export interface CucumberApi {
  Given(pattern: RegExp, code: Code): void;
  Given(pattern: RegExp, options: { timeout?: number }, code: Code): void;
  When(pattern: RegExp, code: Code): void;
  Then(pattern: RegExp, code: Code): void;
  BeforeStep(code: (this: HttpWorld, arg: { pickleStep: { argument?: unknown } }) => void): void;
  setWorldConstructor(world: new (options: { parameters?: unknown }) => unknown): void;
}

/** The table cells of a cucumber DataTable, duck-typed so any cucumber version works. */
interface TableLike {
  raw(): string[][];
}

function cell(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A doc string is a JSON body; a two-column table is `field | value` rows (values parsed as JSON when they are JSON). */
export function requestBody(argument: unknown): unknown {
  if (argument === undefined) return undefined;
  if (typeof argument === 'string') {
    try {
      return JSON.parse(argument) as unknown;
    } catch (error) {
      throw new Error(`the doc string body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const rows = (argument as TableLike).raw();
  if (rows.some((r) => r.length !== 2)) throw new Error('a request table needs exactly two columns: field | value');
  const body: Record<string, unknown> = {};
  for (const [field, value] of rows) {
    if (field !== undefined && value !== undefined) body[field] = cell(value);
  }
  return body;
}

const HEALTH_WAIT_MS = 10_000;

async function waitForHealth(world: HttpWorld, deadlineMs: number): Promise<void> {
  const path = world.parameters.healthPath ?? '/healthz';
  // No URL is a configuration error, not a slow service: fail now rather than after the deadline.
  const base = world.baseUrl;
  const started = performance.now();
  let last = '';
  while (performance.now() - started < deadlineMs) {
    try {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service at ${base} did not answer ${path} with 2xx within ${deadlineMs} ms (last: ${last})`);
}

export function defineHttpSteps(api: CucumberApi, options: { setWorld?: boolean } = {}): void {
  if (options.setWorld !== false) api.setWorldConstructor(HttpWorld);

  // A freshly deployed service may take a while: poll for 10 s, past cucumber's 5 s default.
  api.Given(LIBRARY_STEPS.serviceRunning.pattern, { timeout: 15_000 }, async function (this: HttpWorld) {
    await waitForHealth(this, HEALTH_WAIT_MS);
  });

  api.Given(LIBRARY_STEPS.requestHeader.pattern, function (this: HttpWorld, name: string, value: string) {
    this.requestHeaders[name.toLowerCase()] = value;
  });

  // Cucumber checks a step function's arity against the step (2 captures, plus 1 with a doc string
  // or table). The same sentence may come with or without a body, so the arity follows the step.
  let callHasArgument = false;
  api.BeforeStep(function ({ pickleStep }) {
    callHasArgument = pickleStep.argument !== undefined;
  });
  const call = async function (this: HttpWorld, method: string, path: string, argument?: unknown): Promise<void> {
    // Cucumber always appends its callback: only a step with a doc string or table has a body.
    await this.call(method, path, callHasArgument ? requestBody(argument) : undefined);
  };
  Object.defineProperty(call, 'length', { get: () => (callHasArgument ? 3 : 2) });
  api.When(LIBRARY_STEPS.call.pattern, call);

  api.Then(LIBRARY_STEPS.status.pattern, function (this: HttpWorld, status: string) {
    const res = this.lastResponse();
    if (res.status !== Number(status)) {
      throw new Error(`${res.method} ${res.url}: expected status ${status}, got ${res.status}; body: ${snippet(res.text)}`);
    }
  });

  api.Then(LIBRARY_STEPS.contains.pattern, function (this: HttpWorld, field: string, value: string) {
    const res = this.lastResponse();
    const expected = parseExpected(value);
    const actual = lookup(res.json, field);
    if (!actual.found) throw new Error(`the response has no "${field}"; body: ${snippet(res.text)}`);
    assertEqualJson(actual.value, expected, `response "${field}"`);
  });

  api.Then(LIBRARY_STEPS.includes.pattern, function (this: HttpWorld, list: string) {
    const res = this.lastResponse();
    const missing = parseFieldList(list).filter((field) => !lookup(res.json, field).found);
    if (missing.length > 0) throw new Error(`the response lacks ${missing.map((m) => `"${m}"`).join(', ')}; body: ${snippet(res.text)}`);
  });

  api.Then(LIBRARY_STEPS.headerIs.pattern, function (this: HttpWorld, name: string, value: string) {
    const actual = this.lastResponse().headers.get(name);
    if (actual !== value) throw new Error(`response header ${name}: expected "${value}", got ${actual === null ? 'no such header' : `"${actual}"`}`);
  });

  api.Then(LIBRARY_STEPS.headerContains.pattern, function (this: HttpWorld, name: string, value: string) {
    const actual = this.lastResponse().headers.get(name);
    if (actual === null || !actual.includes(value)) {
      throw new Error(`response header ${name}: expected it to contain "${value}", got ${actual === null ? 'no such header' : `"${actual}"`}`);
    }
  });
}
