// The image a run builds, checked with tools specgate did not write: skopeo reads the layout,
// umoci unpacks it, podman loads the exported oci-archive, openssl verifies the cosign payload's
// signature. The base is a busybox-static rootfs the test packs with umoci.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUSH_IMAGE } from '../../src/app/ci/github-image.js';
import { BIN, runCli } from '../helpers/cli.js';
import { makeBaseLayout } from '../helpers/image.js';
import { makeProject } from '../helpers/project.js';
import { expectValid, readJson } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const env = { SPECGATE_INITIATOR: 'ivan', SPECGATE_SIGNING_KEY: signingKey, SOURCE_DATE_EPOCH: '1767225600' };

const CONFIG = `name: demo
build:
  image:
    base: oci:images/base:latest
    name: registry.example/team/demo
    workdir: /srv/app
deploy:
  command: node dist/main.js
  artifacts: [dist]
  kubernetes: { namespace: staging, containerPort: 8080 }
`;

const LOCK = JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'demo', version: '1.0.0' } } });

function imageProject(config = CONFIG): string {
  const root = makeProject({
    config,
    files: { 'dist/main.js': 'console.log("hello from the image")\n', 'package.json': '{"name":"demo","version":"1.0.0"}\n', 'package-lock.json': LOCK, '.gitignore': 'reports/\n.specgate/\nimages/\n' },
  });
  makeBaseLayout(root);
  return root;
}

interface Finished { runDir: string; status: string }
async function runBuild(root: string, extraEnv: Record<string, string> = {}): Promise<Finished> {
  const result = await runCli(['run', '--json', '--stages', 'preflight,build'], { cwd: root, env: { ...env, ...extraEnv }, timeoutMs: 120_000 });
  const end = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Finished & { type: string }).find((e) => e.type === 'run.finished');
  if (!end) throw new Error(`no run.finished:\n${result.stdout}\n${result.stderr}`);
  return end;
}

interface ImageJson {
  reference: string;
  tag: string;
  layout: string;
  manifest: { digest: string };
  config: { digest: string };
  layers: { digest: string; size: number; origin: string }[];
  base: { manifestDigest: string };
  signature: { tag: string; payload: string } | null;
}

const sh = (cmd: string, args: string[], cwd?: string): string => execFileSync(cmd, args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

describe('build.image: an OCI image without a daemon', () => {
  const root = imageProject();
  let finished: Finished;
  let image: ImageJson;

  it('builds the image in the build stage and records it as signed evidence', async () => {
    finished = await runBuild(root);
    expect(finished.status).toBe('success');
    image = readJson(path.join(finished.runDir, 'image.json')) as ImageJson;
    expectValid('image', image);
    expect(image.reference).toBe(`registry.example/team/demo@${image.manifest.digest}`);
    const manifest = readJson(path.join(finished.runDir, 'manifest.json')) as { artifacts: { path: string }[] };
    expect(manifest.artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(['image.json', 'image.simplesigning.json']));
    const verify = await runCli(['verify', finished.runDir], { cwd: root, env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // The provenance names the image by repository and manifest digest, beside the evidence files.
    const envelope = JSON.parse(fs.readFileSync(path.join(finished.runDir, 'provenance.intoto.jsonl'), 'utf8')) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as { subject: { name: string; digest: { sha256: string } }[] };
    expect(statement.subject).toContainEqual({ name: 'registry.example/team/demo', digest: { sha256: image.manifest.digest.slice(7) } });
  });

  it('the executive report names the image by digest', async () => {
    const report = await runCli(['report', 'latest', '--format', 'json'], { cwd: root, env });
    const doc = JSON.parse(report.stdout) as { security: { image: { status: string; digest: string; detail: string } } };
    expectValid('executive-report', doc);
    expect(doc.security.image).toMatchObject({ status: 'pass', digest: image.manifest.digest });
    const md = await runCli(['report', 'latest'], { cwd: root, env });
    expect(md.stdout).toContain(`**Container image**: ${image.reference}`);
  });

  it('skopeo reads the layout: digest, labels, user, entrypoint', () => {
    const layout = path.join(root, image.layout);
    const inspect = JSON.parse(sh('skopeo', ['inspect', `oci:${layout}:${image.tag}`])) as { Digest: string; Labels: Record<string, string>; Layers: string[] };
    expect(inspect.Digest).toBe(image.manifest.digest);
    expect(inspect.Labels['dev.specgate.run-id']).toBe(path.basename(finished.runDir));
    expect(inspect.Labels['org.opencontainers.image.created']).toBe('2026-01-01T00:00:00Z');
    expect(inspect.Layers).toEqual(image.layers.map((l) => l.digest));
    const config = JSON.parse(sh('skopeo', ['inspect', '--config', `oci:${layout}:${image.tag}`])) as { config: { User: string; Entrypoint: string[]; WorkingDir: string; ExposedPorts: object; Cmd?: unknown } };
    expect(config.config).toMatchObject({ User: '65532:65532', Entrypoint: ['node', 'dist/main.js'], WorkingDir: '/srv/app', ExposedPorts: { '8080/tcp': {} } });
    expect(config.config.Cmd).toBeUndefined();
  });

  it('umoci unpacks the release files at the workdir, over the base', () => {
    const out = tempDir('specgate-unpack-');
    sh('umoci', ['unpack', '--rootless', '--image', `${path.join(root, image.layout)}:${image.tag}`, path.join(out, 'bundle')]);
    const rootfs = path.join(out, 'bundle', 'rootfs');
    expect(fs.readFileSync(path.join(rootfs, 'srv/app/dist/main.js'), 'utf8')).toBe('console.log("hello from the image")\n');
    expect(fs.existsSync(path.join(rootfs, 'bin/busybox'))).toBe(true);
  });

  it('openssl verifies the cosign simple-signing payload, which names the manifest digest', () => {
    const layout = path.join(root, image.layout);
    const index = readJson(path.join(layout, 'index.json')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    const sigEntry = index.manifests.find((m) => m.annotations['org.opencontainers.image.ref.name'] === image.signature?.tag);
    expect(image.signature?.tag).toBe(`${image.manifest.digest.replace(':', '-')}.sig`);
    const blob = (digest: string): Buffer => fs.readFileSync(path.join(layout, 'blobs/sha256', digest.slice(7)));
    const sigManifest = JSON.parse(blob(sigEntry!.digest).toString()) as { layers: { mediaType: string; digest: string; annotations: Record<string, string> }[] };
    const layer = sigManifest.layers[0]!;
    expect(layer.mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    const payload = blob(layer.digest);
    expect(payload.equals(fs.readFileSync(path.join(finished.runDir, 'image.simplesigning.json')))).toBe(true);
    const doc = JSON.parse(payload.toString()) as { critical: { image: Record<string, string>; type: string; identity: Record<string, string> } };
    expect(doc.critical).toEqual({ identity: { 'docker-reference': 'registry.example/team/demo' }, image: { 'docker-manifest-digest': image.manifest.digest }, type: 'cosign container image signature' });
    const dir = tempDir('specgate-sig-');
    fs.writeFileSync(path.join(dir, 'payload'), payload);
    fs.writeFileSync(path.join(dir, 'sig'), Buffer.from(layer.annotations['dev.cosignproject.cosign/signature']!, 'base64'));
    const pub = path.join(finished.runDir, 'signing.pub');
    expect(sh('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', path.join(dir, 'sig'), path.join(dir, 'payload')])).toContain('Verified OK');
    // The check can fail: a payload naming another digest does not verify.
    fs.writeFileSync(path.join(dir, 'payload'), payload.toString().replace(image.manifest.digest.slice(-6), '000000'));
    expect(() => sh('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', path.join(dir, 'sig'), path.join(dir, 'payload')])).toThrow();
  });

  it('puts the image in the SBOM with the release packages nested under it', () => {
    const sbom = readJson(path.join(finished.runDir, 'sbom.cyclonedx.json')) as { components: { type: string; purl: string; components: { purl?: string; type: string }[] }[] };
    expect(sbom.components).toHaveLength(1);
    const top = sbom.components[0]!;
    expect(top.type).toBe('container');
    expect(top.purl).toBe(`pkg:oci/demo@${encodeURIComponent(image.manifest.digest)}?arch=amd64&repository_url=registry.example/team/demo`);
    expect(top.components.find((c) => c.type === 'container')?.purl).toContain(encodeURIComponent(image.base.manifestDigest));
  });

  it('exports an oci-archive that podman loads and an oci layout skopeo copies', async () => {
    const out = tempDir('specgate-push-');
    const archive = path.join(out, 'image.tar');
    const push = await runCli(['image', 'push', '--to', `oci-archive:${archive}`, '--json'], { cwd: root, env });
    expect(push.code, push.stderr).toBe(0);
    expect((JSON.parse(push.stdout) as { digest: string }).digest).toBe(image.manifest.digest);
    const store = tempDir('specgate-podman-');
    const podman = (...args: string[]): string => sh('podman', ['--root', path.join(store, 'root'), '--runroot', path.join(store, 'run'), '--storage-driver', 'vfs', ...args]);
    expect(podman('load', '-i', archive)).toContain('Loaded image');
    const ids = podman('image', 'inspect', '--format', '{{.Digest}}', `localhost/${image.tag}:latest`).trim().split('\n');
    expect(ids).toEqual([image.manifest.digest]);
    const layout = path.join(out, 'layout');
    const toLayout = await runCli(['image', 'push', '--to', `oci:${layout}:v1`], { cwd: root, env });
    expect(toLayout.code, toLayout.stderr).toBe(0);
    sh('skopeo', ['copy', `oci:${layout}:v1`, `oci:${path.join(out, 'copy')}:v1`]);
    expect((JSON.parse(sh('skopeo', ['inspect', `oci:${path.join(out, 'copy')}:v1`])) as { Digest: string }).Digest).toBe(image.manifest.digest);
    // The cosign signature artifact travels with the layout export, under its conventional tag.
    sh('skopeo', ['copy', `oci:${layout}:${image.signature!.tag}`, `oci:${path.join(out, 'copy')}:${image.signature!.tag}`]);
    const sig = JSON.parse(sh('skopeo', ['inspect', '--raw', `oci:${path.join(out, 'copy')}:${image.signature!.tag}`])) as { layers: { mediaType: string }[] };
    expect(sig.layers.map((l) => l.mediaType)).toEqual(['application/vnd.dev.cosign.simplesigning.v1+json']);
  }, 120_000);

  it("the CI export's skopeo step pushes the image and its signature tag, by the run id", () => {
    const bin = tempDir('specgate-fakebin-');
    // specgate → the CLI under test (CI installs it on PATH); skopeo → a recorder (no registry here).
    fs.writeFileSync(path.join(bin, 'specgate'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'skopeo'), `#!/bin/sh\necho "$@" >> "${path.join(bin, 'log')}"\n`, { mode: 0o755 });
    const runId = path.basename(finished.runDir);
    const base = { ...process.env, ...env, PATH: `${bin}:${process.env.PATH ?? ''}`, RUNNER_TEMP: tempDir('specgate-runner-'), SPECGATE_RUN_ID: runId };
    const skipped = execFileSync('bash', ['-c', PUSH_IMAGE], { cwd: root, encoding: 'utf8', env: { ...base, SPECGATE_IMAGE_REPOSITORY: '' } });
    expect(skipped).toContain('skipped');
    execFileSync('bash', ['-c', PUSH_IMAGE], { cwd: root, encoding: 'utf8', env: { ...base, SPECGATE_IMAGE_REPOSITORY: 'registry.example/team/demo', REGISTRY_USERNAME: '' } });
    const log = fs.readFileSync(path.join(bin, 'log'), 'utf8').trim().split('\n');
    const out = path.join(base.RUNNER_TEMP, 'specgate-image');
    expect(log).toEqual([
      `copy oci:${out}:${runId} docker://registry.example/team/demo:${runId}`,
      `copy oci:${out}:${image.signature!.tag} docker://registry.example/team/demo:${image.signature!.tag}`,
    ]);
    expect((JSON.parse(sh('skopeo', ['inspect', `oci:${out}:${runId}`])) as { Digest: string }).Digest).toBe(image.manifest.digest);
  });

  it('deploy --target kubernetes --dry-run pins the run image by digest', async () => {
    const result = await runCli(['deploy', '--target', 'kubernetes', '--dry-run', '--json'], { cwd: root, env });
    expect(result.code, result.stderr).toBe(0);
    const written = (JSON.parse(result.stdout) as { manifests: string[] }).manifests.find((f) => f.endsWith('deployment.yaml'))!;
    expect(fs.readFileSync(written, 'utf8')).toContain(`image: ${image.reference}`);
  });
});

describe('build.image: refusals', () => {
  it('a base path outside the project is a config error (exit 2); one linked out of it fails the build gate', async () => {
    const outside = tempDir('specgate-outside-');
    makeBaseLayout(outside);
    const dotdot = await runCli(['run', '--json', '--stages', 'preflight,build'], { cwd: imageProject(CONFIG.replace('oci:images/base:latest', 'oci:../elsewhere/base:latest')), env, timeoutMs: 120_000 });
    expect(dotdot.code).toBe(2);
    expect(dotdot.stderr).toMatch(/specgate\.yaml:\d+:\d+: error CONFIG_INVALID: build\.image\.base: .*inside the project/);
    const summary = (end: Finished): string | undefined => (readJson(path.join(end.runDir, 'manifest.json')) as { stages: { name: string; summary?: string }[] }).stages.find((s) => s.name === 'build')?.summary;
    const linkedRoot = imageProject(CONFIG.replace('oci:images/base:latest', 'oci:images/linked:latest'));
    fs.symlinkSync(path.join(outside, 'images/base'), path.join(linkedRoot, 'images/linked'));
    const linked = await runBuild(linkedRoot);
    expect(linked.status).toBe('failure');
    expect(summary(linked)).toMatch(/resolves outside the project/);
  });

  it('an unknown tag names the tags the layout has', async () => {
    const root = imageProject(CONFIG.replace('oci:images/base:latest', 'oci:images/base:nope'));
    const end = await runBuild(root);
    const manifest = readJson(path.join(end.runDir, 'manifest.json')) as { stages: { name: string; summary?: string }[] };
    expect(manifest.stages.find((s) => s.name === 'build')?.summary).toMatch(/no image tagged 'nope' \(tags: latest\)/);
  });
});
