// The step sentences specgate's HTTP step library (`specgate/steps`) understands. One catalogue
// serves both the library (which registers these patterns with cucumber) and the generator (which
// knows which scenario steps need project step definitions), so the two can never disagree.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface LibraryStep {
  readonly id: string;
  readonly pattern: RegExp;
  /** The sentence as users write it, for docs and `--help`. */
  readonly example: string;
}

const method = `(${HTTP_METHODS.join('|')})`;

export const LIBRARY_STEPS = {
  serviceRunning: {
    id: 'service-running',
    pattern: /^the service is running$/,
    example: 'Given the service is running',
  },
  requestHeader: {
    id: 'request-header',
    pattern: /^the request header "([^"]+)" is "([^"]*)"$/,
    example: 'Given the request header "Idempotency-Key" is "key-1"',
  },
  call: {
    id: 'call',
    // An optional ` with:` reads better before a doc string or table; both forms are accepted.
    pattern: new RegExp(`^I call ${method} (\\S+?)(?: with(?: body| JSON)?:?)?$`),
    example: 'When I call POST /v1/payments (optionally followed by a JSON doc string or a data table)',
  },
  status: {
    id: 'status',
    pattern: /^I receive an? (\d{3})\b.*$/,
    example: 'Then I receive a 200 OK response',
  },
  contains: {
    id: 'contains',
    pattern: /^the response contains "([^"]+)": (.+)$/,
    example: 'And the response contains "pong": true',
  },
  includes: {
    id: 'includes',
    pattern: /^the response includes ((?:"[^"]+")(?:(?:, | and )"[^"]+")*) fields?$/,
    example: 'And the response includes "id", "status" and "amount" fields',
  },
  headerIs: {
    id: 'header-is',
    pattern: /^the response header "([^"]+)" is "([^"]*)"$/,
    example: 'And the response header "Cache-Control" is "no-store"',
  },
  headerContains: {
    id: 'header-contains',
    pattern: /^the response header "([^"]+)" contains "([^"]*)"$/,
    example: 'And the response header "Content-Type" contains "application/json"',
  },
} as const satisfies Record<string, LibraryStep>;

/** True when the library defines a step for this text (keyword excluded). */
export function isLibraryStep(text: string): boolean {
  return Object.values(LIBRARY_STEPS).some((step) => step.pattern.test(text));
}

/** `"a", "b" and "c"` → `['a', 'b', 'c']`. */
export function parseFieldList(list: string): string[] {
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The method and path of a `I call <METHOD> <path>` step, or undefined. */
export function parseCall(text: string): { method: HttpMethod; path: string } | undefined {
  const match = LIBRARY_STEPS.call.pattern.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { method: match[1] as HttpMethod, path: match[2] };
}
