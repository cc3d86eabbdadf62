// Small, dependency-free assertions for the step library with messages that show what the
// service actually returned.
import { isDeepStrictEqual } from 'node:util';

/** Looks up `a.b.0.c` in a JSON value; `found` is false when any segment is missing. */
export function lookup(value: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** Parses the expected value of a step as JSON, with a message that tells the author how to write it. */
export function parseExpected(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`expected value ${text} is not JSON: write strings in double quotes ("EUR"), numbers and true/false/null bare`);
  }
}

export function snippet(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function assertEqualJson(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
