// The cucumber World of the HTTP step library: one per scenario, holding the service URL, the
// request headers a scenario set and the last response.

export interface WorldParameters {
  /** Base URL of the service under test, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl?: string;
  /** Path `the service is running` polls. */
  readonly healthPath?: string;
  /** Per-request timeout. */
  readonly requestTimeoutMs?: number;
}

export interface HttpResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  readonly json: unknown;
}

export class HttpWorld {
  readonly parameters: WorldParameters;
  readonly requestHeaders: Record<string, string> = {};
  response: HttpResponse | undefined;

  constructor(options: { parameters?: unknown }) {
    this.parameters = (options.parameters ?? {});
  }

  get baseUrl(): string {
    const url = this.parameters.baseUrl;
    if (url === undefined || url === '') {
      throw new Error(
        'no service URL: run the scenarios with specgate (generate.scenarios.app or .url in specgate.yaml) or pass worldParameters.baseUrl',
      );
    }
    return url.replace(/\/+$/, '');
  }

  /** Sends a request and records the response; the body is sent as JSON when given. */
  async call(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const url = `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
    const headers: Record<string, string> = { accept: 'application/json', ...this.requestHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.parameters.requestTimeoutMs ?? 10_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    this.response = { method, url, status: res.status, headers: res.headers, text, json };
    return this.response;
  }

  /** The last response, or a clear error when the scenario has not called the service yet. */
  lastResponse(): HttpResponse {
    if (this.response === undefined) throw new Error("no response yet: a 'When I call <METHOD> <path>' step must come first");
    return this.response;
  }
}
