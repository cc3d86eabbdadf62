// Hostile specgate.yaml (issue #13 items 3, 4): configured paths that leave the project and
// durations past Node's 2^31-1 ms timer are config errors (exit 2) before anything is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/tmp.js';

const R = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const GOOD = `${R}\nFeature: ok\n  Scenario: s\n    Given a\n    When b\n    Then c\n`;

function project(config: string): { root: string; base: string } {
  const base = tempDir('specgate-hostile-');
  const root = path.join(base, 'a', 'project');
  writeTree(root, { 'specgate.yaml': config, 'features/ok.feature': GOOD });
  return { root, base };
}

/** Every path under `dir`, to show nothing appeared outside the project. */
function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('configured paths stay inside the project', () => {
  for (const [label, value] of [
    ['a relative path climbing out', '../../etc'],
    ['an absolute path', '/tmp/specgate-hostile-elsewhere'],
    ['a path that climbs out in the middle', 'reports/../../x'],
  ] as const) {
    it(`reports: ${label} is CONFIG_INVALID, exit 2, nothing written outside`, async () => {
      const { root, base } = project(`mode: sandbox\nreports: ${value}\n`);
      const before = listing(base);
      for (const args of [['validate'], ['run', '--mode', 'sandbox'], ['runs']]) {
        const r = await runCli(args, { cwd: root });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/specgate\.yaml:2:\d+: error CONFIG_INVALID: reports: must be a path inside the project/);
      }
      expect(listing(base)).toEqual(before);
    });
  }

  it('other path keys are confined too (features, coverage.file, sast.sarif, deploy.artifacts, approvers, build.image.base)', async () => {
    const { root } = project(
      'features: [/etc]\ncoverage: {file: ../cov.json}\nsast: {sarif: [/tmp/x.sarif]}\ndeploy: {artifacts: [../../dist]}\napprovers: [{name: a, publicKey: /etc/ssl/a.pub}]\n' +
        'build: {image: {base: "oci:../../images/node:20"}}\ndashboard: {allowedHosts: ["*.attacker.example"]}\n',
    );
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(2);
    for (const key of ['features.0', 'coverage.file', 'sast.sarif.0', 'deploy.artifacts.0', 'approvers.0.publicKey']) {
      expect(r.stderr).toContain(`${key}: must be a path inside the project`);
    }
    expect(r.stderr).toContain('build.image.base: must be oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE with a path inside the project');
    expect(r.stderr).toContain('dashboard.allowedHosts.0: must be a host name');
  });

  it('a reports folder committed as a symlink to a folder outside is refused; nothing is written there', async () => {
    const { root, base } = project('mode: sandbox\n');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(root, 'reports'));
    const r = await runCli(['run', '--mode', 'sandbox'], { cwd: root });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/error CONFIG_INVALID: reports: reports resolves to .*outside, outside the project/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('specgate.yaml symlinked outside the project is not read', async () => {
    const { root, base } = project('mode: sandbox\n');
    fs.writeFileSync(path.join(base, 'secret.yaml'), 'TOPSECRET-19ab: [\n');
    fs.rmSync(path.join(root, 'specgate.yaml'));
    fs.symlinkSync(path.join(base, 'secret.yaml'), path.join(root, 'specgate.yaml'));
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CONFIG_UNREADABLE: cannot read specgate\.yaml: it is a symlink to a file outside the project; not read/);
    expect(r.stdout + r.stderr).not.toContain('TOPSECRET');
  });
});

describe('every duration has a schema maximum under the timer limit', () => {
  for (const [key, yaml] of [
    ['timeouts.commandSeconds', 'timeouts: {commandSeconds: 3000000}'],
    ['commands.lint.timeoutSeconds', 'commands: {lint: {run: "true", timeoutSeconds: 1e9}}'],
    ['deploy.retryIntervalSeconds', 'deploy: {retryIntervalSeconds: 1e12}'],
    ['deploy.health.healthyWithinSeconds', 'deploy: {health: {healthyWithinSeconds: 1e12}}'],
    ['deploy.health.stableSeconds', 'deploy: {health: {stableSeconds: 1e12}}'],
    ['deploy.smokeTimeoutSeconds', 'deploy: {smokeTimeoutSeconds: 1e12}'],
    ['generate.scenarios.timeoutSeconds', 'generate: {scenarios: {timeoutSeconds: 1e12}}'],
  ] as const) {
    it(`${key} past its ceiling is CONFIG_INVALID (exit 2), not a command killed at once`, async () => {
      const { root } = project(`mode: sandbox\n${yaml}\n`);
      const r = await runCli(['run', '--mode', 'sandbox'], { cwd: root });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`error CONFIG_INVALID: ${key.replace(/\./g, '\\.')}: at most \\d+ seconds`));
    });
  }

  it('a large but sane commandSeconds still runs the command to completion', async () => {
    const { root } = project('mode: sandbox\ntimeouts: {commandSeconds: 86400}\ncommands: {lint: "echo lint-ran"}\n');
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
  });
});
