// The generated HTTP adapter runtime (`<out>/http.ts`): request/response types for the ports and a
// dependency-free router over node:http. It holds no spec text, so it is the same for every project.

export const HTTP_RUNTIME = `import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a port method receives: the parsed HTTP request. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** Values of the \`:name\` segments of the route. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
}

/** What a port method returns: status, JSON body and extra headers. */
export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export interface Route {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
  readonly handler: Handler;
}

export interface RouterOptions {
  /** Largest accepted request body; larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Called with handler errors (the client only sees a 500 without details). */
  readonly onError?: (error: unknown, request: ApiRequest) => void;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: [string, string][] = [];
  for (const [i, segment] of want.entries()) {
    const actual = got.at(i) ?? '';
    if (segment.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params.push([segment.slice(1), decodeURIComponent(actual)]);
      } catch {
        throw new HttpProblem(400, 'bad_path', 'the path is not valid percent-encoding');
      }
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return Object.fromEntries(params);
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpProblem(413, 'payload_too_large', \`the body exceeds \${limit} bytes\`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'invalid_json', 'the body is not valid JSON');
  }
}

function send(res: ServerResponse, response: ApiResponse): void {
  const body = response.body === undefined ? '' : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'cache-control': 'no-store',
    ...(body === '' ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }),
    ...response.headers,
  });
  res.end(body);
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

/** A node:http request listener serving \`routes\`: 404 for unknown paths, 405 with Allow for wrong methods. */
export function createRequestListener(routes: readonly Route[], options: RouterOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? 1_048_576;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const base = { method, path: url.pathname, query: url.searchParams, headers: headersOf(req) };
    void (async () => {
      let request: ApiRequest = { ...base, params: {}, body: undefined };
      try {
        const allowed: string[] = [];
        for (const route of routes) {
          const params = matchPath(route.path, url.pathname);
          if (params === undefined) continue;
          if (route.method !== method) {
            allowed.push(route.method);
            continue;
          }
          request = { ...base, params, body: await readBody(req, limit) };
          send(res, await route.handler(request));
          return;
        }
        if (allowed.length > 0) {
          send(res, { status: 405, body: { error: 'method_not_allowed', allowed }, headers: { allow: allowed.join(', ') } });
        } else {
          send(res, { status: 404, body: { error: 'not_found', path: url.pathname } });
        }
      } catch (error) {
        if (error instanceof HttpProblem) {
          send(res, { status: error.status, body: { error: error.code, message: error.message } });
          return;
        }
        options.onError?.(error, request);
        if (!res.headersSent) send(res, { status: 500, body: { error: 'internal_error' } });
        else res.destroy();
      }
    })();
  };
}

/** A JSON response; the helper services use most. */
export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): ApiResponse {
  return headers === undefined ? { status, body } : { status, body, headers };
}
`;
