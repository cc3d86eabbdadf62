// The supervisor's control channel and state file, shared by the supervisor and its clients.
// Control is HTTP over a unix socket in `.specgate/` (folder 0700, socket 0600): only the owning
// user (and root) can connect, so another local user cannot start commands or switch staging.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceStatus } from './service.js';
import type { SecretPolicy } from '../../core/security/redact.js';
import type { RunProcess } from '../../core/evidence/manifest.js';

export const STATE_DIR = '.specgate';
export const STATE_FILE = 'staging.json';
export const STAGING_STATE_SCHEMA_VERSION = 1;

export interface ReleaseMeta {
  readonly releaseId: string;
  readonly runId: string;
  readonly featureSha: string;
}

/**
 * A service as the supervisor records it: pid, host and process start time (boot id + start ticks,
 * /proc/<pid>/stat field 22), so a later sweep can tell the service from a process that reused its pid.
 */
export interface RecordedService extends RunProcess {
  readonly releaseId: string;
}

export interface StagingState {
  readonly schemaVersion: number;
  /** `hostname` and `startTime` identify the supervisor beyond its pid (absent in files written before they were added). */
  readonly supervisor: { readonly pid: number; readonly startedAt: string; readonly hostname?: string; readonly startTime?: string } | null;
  readonly proxy: { readonly host: string; readonly port: number; readonly url: string } | null;
  /** What staging traffic goes to, since when, on which local port. */
  readonly serving: (ReleaseMeta & { readonly since: string; readonly pid: number | null; readonly port: number; readonly restarts?: number }) | null;
  /** What served before `serving`: the rollback target. */
  readonly previous: ReleaseMeta | null;
  /**
   * Every service process the supervisor runs (serving, candidates, the rollback target): what the
   * startup sweep (supervisor-sweep.ts) reaps when this supervisor dies without stopping them.
   */
  readonly services?: readonly RecordedService[];
  readonly updatedAt: string;
}

export function stateDir(root: string): string {
  return path.join(root, STATE_DIR);
}

export function stateFile(root: string): string {
  return path.join(root, STATE_DIR, STATE_FILE);
}

/** Creates `.specgate/` private to its owner. */
export function ensureStateDir(root: string): string {
  const dir = stateDir(root);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Socket path for the project's supervisor. Unix socket paths are limited to ~107 bytes, so deep
 * project paths fall back to a private per-user folder under the temp dir keyed by the root.
 */
export function socketPath(root: string): string {
  const preferred = path.join(stateDir(root), 'supervisor.sock');
  if (Buffer.byteLength(preferred) <= 100) return preferred;
  const dir = path.join(os.tmpdir(), `specgate-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return path.join(dir, `${createHash('sha256').update(root).digest('hex').slice(0, 16)}.sock`);
}

export function readStagingState(root: string): StagingState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile(root), 'utf8')) as StagingState;
  } catch {
    return undefined;
  }
}

export interface StartServiceRequest extends ReleaseMeta {
  readonly dir: string;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly redaction?: SecretPolicy;
  readonly memoryLimitBytes: number;
  /** The deploy process asking: while the service is only a candidate, it lives as long as its owner. */
  readonly owner?: RunProcess;
}

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Client of one supervisor. Every call is one request on the unix socket. */
export class SupervisorClient {
  constructor(readonly socket: string) {}

  private call<T>(method: string, route: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        { socketPath: this.socket, method, path: route, timeout: timeoutMs, headers: payload ? { 'content-type': 'application/json' } : {} },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (c: string) => (text += c));
          response.on('end', () => {
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
            } catch {
              reject(new ControlError(`supervisor sent a malformed answer to ${method} ${route}`, 502));
              return;
            }
            if ((response.statusCode ?? 500) >= 400) {
              reject(new ControlError((parsed as { error?: string } | undefined)?.error ?? `supervisor answered ${response.statusCode}`, response.statusCode ?? 500));
            } else resolve(parsed as T);
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`supervisor did not answer ${method} ${route} within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  async ping(): Promise<{ pid: number; proxy: { host: string; port: number } } | undefined> {
    try {
      return await this.call('GET', '/ping', undefined, 2000);
    } catch {
      return undefined;
    }
  }
  state(): Promise<StagingState> {
    return this.call('GET', '/state');
  }
  startService(request: StartServiceRequest): Promise<ServiceStatus> {
    return this.call('POST', '/services', request);
  }
  async service(releaseId: string): Promise<ServiceStatus | undefined> {
    try {
      return await this.call<ServiceStatus>('GET', `/services/${encodeURIComponent(releaseId)}`);
    } catch (error) {
      if (error instanceof ControlError && error.status === 404) return undefined;
      throw error;
    }
  }
  stopService(releaseId: string, reason: string): Promise<ServiceStatus | undefined> {
    return this.call('POST', `/services/${encodeURIComponent(releaseId)}/stop`, { reason });
  }
  /** Points the staging proxy at a running service; the one it replaces stays up. */
  switchTo(releaseId: string): Promise<StagingState> {
    return this.call('POST', '/switch', { releaseId });
  }
  shutdown(): Promise<void> {
    return this.call('POST', '/shutdown', {});
  }
}
