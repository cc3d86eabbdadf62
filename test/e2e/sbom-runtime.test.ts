// The "SBOM that covers nothing" hole, reproduced and closed: package.json declares runtime
// dependencies but the lockfile (and so the SBOM) lists none. Sandbox warns, compliance fails,
// both naming the manifest; a lockfile that locks the dependency passes.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CLEAN_SARIF, coverageCommand, makeProject, PING_APP } from '../helpers/project.js';

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: key };
const PKG = '{"name":"svc","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}}\n';
const EMPTY_LOCK = '{"name":"svc","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"svc","version":"1.0.0"}}}\n';
const FULL_LOCK = JSON.stringify({
  name: 'svc',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'svc', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } },
    'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQuQr2XLd0B4jXdQf7rZcUNq1d+6OgcKVZV8eOLh8AyuUIaMQ==', license: 'WTFPL' },
  },
});

function project(lock: string): string {
  return makeProject({
    config: ['name: svc', 'commands:', `  test: ${JSON.stringify(coverageCommand(90))}`, '  build: "mkdir -p dist && cp app.mjs dist/"', 'sast:', '  enabled: false', '  sarif: [clean.sarif]', 'generate:', '  scenarios:', '    app: app.mjs', ''].join('\n'),
    files: { 'clean.sarif': CLEAN_SARIF, 'app.mjs': PING_APP, 'package.json': PKG, 'package-lock.json': lock },
  });
}

async function build(root: string, mode: string): Promise<{ code: number | null; gate?: { outcome: string; reason: string } }> {
  const r = await runCli(['run', '--mode', mode, '--stages', 'preflight,build', '--json'], { cwd: root, env, timeoutMs: 120_000 });
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; decision?: { gate: string; outcome: string; reason: string } });
  const gate = events.find((e) => e.type === 'gate' && e.decision?.gate === 'sbom')?.decision;
  return gate === undefined ? { code: r.code } : { code: r.code, gate };
}

describe('SBOM covers the runtime', () => {
  it('declared runtime dependencies missing from the SBOM: sandbox warns (exit 0), compliance fails (exit 1), naming package.json', async () => {
    const root = project(EMPTY_LOCK);
    const sandbox = await build(root, 'sandbox');
    expect(sandbox.gate).toMatchObject({ outcome: 'warn', reason: expect.stringMatching(/package.json declares 1 runtime dependency \(left-pad\) but the SBOM lists none of them/) });
    expect(sandbox.code).toBe(0);
    const compliance = await build(root, 'compliance');
    expect(compliance.gate?.outcome).toBe('fail');
    expect(compliance.code).toBe(1);
  }, 180_000);

  it('a lockfile that locks the dependency passes in compliance', async () => {
    const compliance = await build(project(FULL_LOCK), 'compliance');
    expect(compliance.gate).toMatchObject({ outcome: 'pass' });
    expect(compliance.code).toBe(0);
  }, 180_000);
});
