// generate.scenarios.command: the scenarios run against this run's build of the service, started
// by specgate on a free loopback port with PORT set, and stopped after; no target fails in one line.
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';
import type * as RunModule from '../../src/cli/compose-scenarios.js';
import type * as ParseModule from '../../src/core/config/parse.js';
import type * as ServiceModule from '../../src/adapters/scenarios/service-under-test.js';

const { runScenarios } = (await import(path.join(REPO_ROOT, 'dist/cli/compose-scenarios.js'))) as typeof RunModule;
const { defaultConfig } = (await import(path.join(REPO_ROOT, 'dist/core/config/parse.js'))) as typeof ParseModule;
const { startServiceUnderTest, freeLoopbackPort } = (await import(path.join(REPO_ROOT, 'dist/adapters/scenarios/service-under-test.js'))) as typeof ServiceModule;

// A service in its own process that only knows the port from $PORT, like any built service.
const SERVER = `import { createServer } from 'node:http';
const port = Number(process.env.PORT);
createServer((req, res) => {
  res.writeHead(req.url === '/healthz' || req.url === '/v1/port' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ port, pid: process.pid }));
}).listen(port, '127.0.0.1');
`;

const FEATURE = `@resource:cpu=0.1,memory=128,storage=10,story_points=1
Feature: Port
  Scenario: the service answers on the port specgate chose
    Given the service is running
    When I call GET /v1/port
    Then I receive a 200 OK response
`;

function config(scenarios: Record<string, unknown>) {
  const c = defaultConfig();
  return { ...c, generate: { ...c.generate, scenarios: { ...c.generate.scenarios, ...scenarios } } };
}

describe('generate.scenarios.command', () => {
  it('starts the built service with PORT, runs the scenarios against it, then stops it', async () => {
    const dir = tempDir('specgate-scencmd-');
    writeTree(dir, { 'server.mjs': SERVER, 'features/port.feature': FEATURE });
    const result = await runScenarios({ projectRoot: dir, config: config({ command: 'node server.mjs' }), featurePaths: ['features/port.feature'] });
    expect(result.pickles.map((p) => p.status)).toEqual(['passed']);
    expect(result.target).toBe('command:node server.mjs');
    const response = result.messagesNdjson.split('\n').find((l) => l.includes('"testStepFinished"'));
    expect(response).toBeDefined();
  });

  it('a command that exits fails at once with its output, not after the start deadline', async () => {
    const dir = tempDir('specgate-scencmd-');
    writeTree(dir, { 'features/port.feature': FEATURE });
    await expect(
      runScenarios({ projectRoot: dir, config: config({ command: 'echo "cannot bind" >&2; exit 4', startSeconds: 120 }), featurePaths: ['features/port.feature'] }),
    ).rejects.toThrow(/exited \(code 4\) on port \d+; its last output:\ncannot bind/);
  });

  it('starts the service again on a new port when another process took the picked one first (EADDRINUSE)', async () => {
    const dir = tempDir('specgate-scencmd-');
    writeTree(dir, { 'server.mjs': SERVER });
    // Another program grabs the port between specgate's pick and the service's bind.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const picks: number[] = [];
    const pickPort = async () => {
      const port = picks.length === 0 ? taken : await freeLoopbackPort();
      picks.push(port);
      return port;
    };
    const options = { root: dir, command: 'node server.mjs', healthPath: '/healthz', startSeconds: 60, env: process.env, memoryLimitBytes: 512 * 1024 * 1024, pickPort };
    const service = await startServiceUnderTest(options);
    try {
      expect(picks[0]).toBe(taken);
      expect(picks).toHaveLength(2);
      const body = (await (await fetch(`${service.url}/v1/port`)).json()) as { port: number };
      expect(body.port).toBe(picks[1]);
    } finally {
      await service.stop();
      squatter.close();
    }
  });

  it('HTTP scenarios with no command, app or URL fail fast with one clear line', async () => {
    const dir = tempDir('specgate-scencmd-');
    writeTree(dir, { 'features/port.feature': FEATURE });
    await expect(runScenarios({ projectRoot: dir, config: config({}), featurePaths: ['features/port.feature'] })).rejects.toThrow(
      /^the scenarios call an HTTP service but none is configured to run them against$/,
    );
  });
});
