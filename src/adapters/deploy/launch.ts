// Finds the project's running supervisor or starts one, detached, so staging outlives this command.
// A supervisor that cannot start (e.g. the staging port is taken) says why in its NDJSON log,
// which we read back into a typed error.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeployError } from '../../core/deploy/errors.js';
import { ensureStateDir, socketPath, SupervisorClient } from './control.js';

/** dist/adapters/deploy/supervisor.js; from sources under test, the built copy beside them. */
export function supervisorScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.join(path.dirname(here), '../../../dist/adapters/deploy/supervisor.js');
  return path.join(path.dirname(here), 'supervisor.js');
}

function lastFatal(logFile: string): { code?: string; message?: string } | undefined {
  let text = '';
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as { event?: string; code?: string; message?: string };
      if (entry.event === 'fatal') return entry;
    } catch {
      // Not ours (e.g. a Node warning): skip.
    }
  }
  return undefined;
}

/** A client of a supervisor that is up, holding `host:port`. Waits for it to answer. */
export async function ensureSupervisor(root: string, host: string, port: number, signal?: AbortSignal): Promise<SupervisorClient> {
  const client = new SupervisorClient(socketPath(root));
  const running = await client.ping();
  if (running !== undefined) {
    if (running.proxy.port !== port || running.proxy.host !== host) {
      throw new DeployError('SUPERVISOR_FAILED', `staging already runs on ${running.proxy.host}:${running.proxy.port}, not ${host}:${port}`, {
        hint: 'run `specgate stop` first to move staging to the configured address',
      });
    }
    return client;
  }
  const dir = ensureStateDir(root);
  const logFile = path.join(dir, 'supervisor.log');
  const out = fs.openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [supervisorScript(), '--root', root, '--host', host, '--port', String(port)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', out, out],
    // The supervisor needs no secrets; each service gets its environment per request.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? root, LANG: process.env.LANG ?? 'C.UTF-8' },
  });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  child.unref();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && signal?.aborted !== true) {
    if (exited) break;
    if ((await client.ping()) !== undefined) return client;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!exited) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  const fatal = lastFatal(logFile);
  if (fatal?.code === 'PORT_IN_USE') {
    throw new DeployError('PORT_IN_USE', fatal.message ?? `staging port ${host}:${port} is in use`, {
      hint: `stop the process holding port ${port} (e.g. \`ss -ltnp 'sport = :${port}'\`) or set deploy.port in specgate.yaml`,
    });
  }
  throw new DeployError('SUPERVISOR_FAILED', `the staging supervisor did not start: ${fatal?.message ?? 'no answer within 15 s'}`, {
    path: path.relative(root, logFile),
    hint: 'read the supervisor log named above',
  });
}
