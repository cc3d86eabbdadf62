import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { fixedClock } from '../../adapters/clock.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { generateKeyPair, loadSigner } from '../../adapters/security/node-signer.js';
import { defaultConfig } from '../../core/config/parse.js';
import type { Mode, SpecgateConfig } from '../../core/config/schema.js';
import type { StageContext, StageResult } from '../pipeline/stage.js';
import { signRunDirectory } from '../security/sign.js';
import { writeSignedProvenance } from '../security/provenance.js';
import { verifyRun } from '../security/verify.js';
import { packDeterministic } from '../../adapters/security/release-archive.js';
import { currentPlatform } from '../../adapters/security/platform.js';
import { nodeImageSources } from '../../adapters/image/sources.js';
import { createBuildStage } from './build.js';

const buildStage = createBuildStage({ pack: packDeterministic, currentPlatform, images: nodeImageSources });

const LOCK_FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/security/npm-v3');
const fs = new NodeFileSystem();

function project(files: Record<string, string> = {}): string {
  const root = tempDir('specgate-build-');
  cpSync(path.join(LOCK_FIXTURE, 'package.json'), path.join(root, 'package.json'));
  cpSync(path.join(LOCK_FIXTURE, 'package-lock.json'), path.join(root, 'package-lock.json'));
  cpSync(path.join(LOCK_FIXTURE, 'features'), path.join(root, 'features'), { recursive: true });
  writeTree(root, files);
  return root;
}

interface Harness {
  readonly ctx: StageContext;
  readonly runDir: string;
  readonly manifest: { path: string; sha256: string; size: number; mediaType: string }[];
}

function harness(root: string, config: SpecgateConfig, mode: Mode = 'sandbox', env: Record<string, string> = {}): Harness {
  const runDir = tempDir('specgate-builddir-');
  const manifest: Harness['manifest'] = [];
  const ctx: StageContext = {
    run: {
      runId: '20250924140440',
      featureSha: '005cc0262265',
      mode,
      projectRoot: root,
      reportsDir: path.dirname(runDir),
      runDir,
      initiator: 'test',
      startedAt: new Date('2025-09-24T14:04:40Z'),
      toolVersion: '0.1.0',
    },
    specs: { featureSha: '005cc0262265', files: [], validationReport: {}, resourceEstimates: {}, errors: 0, warnings: 0, findingLines: [] },
    config,
    fs,
    clock: fixedClock('2025-09-24T14:05:00Z'),
    processes: new NodeProcessRunner(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    signal: new AbortController().signal,
    async writeArtifact(name, content, mediaType) {
      const target = path.join(runDir, name);
      await fs.mkdirp(path.dirname(target));
      await fs.writeAtomic(target, content);
      const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
      const entry = { path: name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mediaType };
      manifest.splice(0, manifest.length, ...manifest.filter((m) => m.path !== name), entry);
    },
    readArtifact: (name) => fs.readText(path.join(runDir, name)).catch(() => undefined),
    emit: () => undefined,
    previous: new Map(),
  };
  return { ctx, runDir, manifest };
}

function withBuild(command: string | undefined, overrides: Partial<SpecgateConfig> = {}): SpecgateConfig {
  const base = defaultConfig();
  return { ...base, ...overrides, commands: command === undefined ? {} : { build: command } };
}

const BUILD = 'mkdir -p dist && printf "console.log(1)\\n" > dist/index.js && chmod 664 dist/index.js && echo built';

describe('build stage', () => {
  it('runs the build, packs a deterministic release.tar.gz and writes a valid SBOM', async () => {
    const root = project();
    const { ctx, runDir } = harness(root, withBuild(BUILD));
    const result: StageResult = await buildStage.run(ctx);
    expect(result).toMatchObject({ status: 'success', artifact: 'sbom.cyclonedx.json' });
    expect(readFileSync(path.join(runDir, 'logs/build.log'), 'utf8')).toMatch(/^\$ mkdir -p dist[\s\S]*built\n[\s\S]*\[specgate\] exit 0/);
    const archive = path.join(runDir, 'release.tar.gz');
    const listing = execFileSync('tar', ['-tvzf', archive], { env: { TZ: 'UTC', LC_ALL: 'C', PATH: process.env.PATH } }).toString().trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).slice(-1)[0])).toEqual(['dist/', 'dist/index.js', 'package.json']);
    for (const line of listing) expect(line).toMatch(/ 0\/0 .* 1970-01-01 00:00 /);
    expect(listing[1]).toMatch(/^-rw-r--r-- /); // group write removed: the checkout's umask does not leak in
    // gzip -n: no name, mtime 0 in the gzip header.
    expect(readFileSync(archive).subarray(4, 8)).toEqual(Buffer.alloc(4));
    const sbom = readFileSync(path.join(runDir, 'sbom.cyclonedx.json'), 'utf8');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(sbom)).toBeNull();
    expect(JSON.parse(sbom).metadata.timestamp).toBe('2025-09-24T14:05:00Z');
  });

  it('gives the same archive bytes for the same tree, whatever the file times', async () => {
    const root = project();
    const first = harness(root, withBuild(BUILD));
    await buildStage.run(first.ctx);
    utimesSync(path.join(root, 'package.json'), new Date('2001-01-01'), new Date('2001-01-01'));
    const second = harness(root, withBuild(BUILD));
    await buildStage.run(second.ctx);
    expect(readFileSync(path.join(second.runDir, 'release.tar.gz'))).toEqual(readFileSync(path.join(first.runDir, 'release.tar.gz')));
  });

  it('fails in both modes when the build command fails, keeping its log', async () => {
    for (const mode of ['sandbox', 'compliance'] as const) {
      const { ctx, runDir } = harness(project(), withBuild('echo compiling; echo "error TS2304" >&2; exit 3'), mode);
      const result = await buildStage.run(ctx);
      expect(result).toMatchObject({ status: 'failure', artifact: 'logs/build.log' });
      expect(result.summary).toMatch(/build exited 3/);
      expect(readFileSync(path.join(runDir, 'logs/build.log'), 'utf8')).toMatch(/error TS2304/);
      expect(readdirSync(runDir)).not.toContain('release.tar.gz');
    }
  });

  it('fails when a configured artifact is missing or escapes the project', async () => {
    const missing = await buildStage.run(harness(project(), withBuild(undefined)).ctx);
    expect(missing).toMatchObject({ status: 'failure' });
    expect(missing.summary).toMatch(/deploy\.artifacts: dist does not exist/);
    const base = defaultConfig();
    const escaping = await buildStage.run(harness(project(), { ...base, deploy: { ...base.deploy, artifacts: ['../etc'] } }).ctx);
    expect(escaping.summary).toMatch(/must be a relative path inside the project/);
  });

  it('without a lockfile: SBOM gate warns in sandbox and fails compliance', async () => {
    for (const [mode, status] of [['sandbox', 'warning'], ['compliance', 'failure']] as const) {
      const root = project({ 'dist/a.js': 'x' });
      execFileSync('rm', [path.join(root, 'package-lock.json')]);
      const result = await buildStage.run(harness(root, withBuild(undefined), mode).ctx);
      expect(result.status).toBe(status);
      expect(result.gates.find((g) => g.gate === 'sbom')?.reason).toMatch(/no lockfile/);
    }
  });

  it('never lets the signing key or its passphrase reach the build or any evidence file', async () => {
    const passphrase = 'correct-horse-battery-staple-42';
    const keys = generateKeyPair(passphrase);
    const env = { SPECGATE_SIGNING_KEY: keys.privateKeyPem, SPECGATE_KEY_PASSPHRASE: passphrase };
    // A hostile build prints its whole environment and tries to echo the secrets.
    const root = project();
    const { ctx, runDir, manifest } = harness(root, withBuild(`${BUILD}; env; echo "pass=$SPECGATE_KEY_PASSPHRASE"`), 'compliance', env);
    const result = await buildStage.run(ctx);
    expect(result.status).toBe('success');
    writeFileSync(path.join(runDir, 'manifest.json'), JSON.stringify({ artifacts: manifest }));
    const signer = await loadSigner({ fs, env, root, signing: ctx.config.signing });
    expect(signer).toBeDefined();
    await writeSignedProvenance(
      runDir,
      {
        runId: ctx.run.runId,
        featureSha: ctx.run.featureSha,
        mode: 'compliance',
        project: 'payments',
        initiator: 'test',
        toolVersion: '0.1.0',
        startedAt: '2025-09-24T14:04:40Z',
        finishedAt: '2025-09-24T14:05:00Z',
        specFiles: [],
        stages: [{ name: 'build', status: result.status }],
        approvals: [],
      },
      signer!,
      fs,
    );
    await signRunDirectory(runDir, signer!, fs);
    expect((await verifyRun(runDir, undefined, { fs })).ok).toBe(true);
    const keyBody = keys.privateKeyPem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
    const written = execFileSync('find', [runDir, '-type', 'f']).toString().trim().split('\n');
    expect(written.length).toBeGreaterThan(5);
    for (const file of written) {
      const text = readFileSync(file).toString('latin1');
      expect(text, file).not.toContain(passphrase);
      for (const line of keyBody) expect(text, file).not.toContain(line);
      expect(statSync(file).size).toBeGreaterThan(0);
    }
    expect(readFileSync(path.join(runDir, 'logs/build.log'), 'utf8')).toMatch(/pass=\n/);
  });
});
