// Reproducibility of the image build: the same base, release and settings give byte-identical
// manifests (same digest) in two separate layouts; one changed input changes the digest.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeImageSources } from '../../adapters/image/sources.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { packDeterministic } from '../../adapters/security/release-archive.js';
import { makeBaseLayout } from '../../../test/helpers/image.js';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { buildImage, type BuildImageInput } from './build-image.js';

const root = tempDir('specgate-image-build-');
makeBaseLayout(root);
writeTree(root, { 'dist/main.js': 'console.log(1)\n', 'dist/lib/util.js': 'export const x = 1;\n', 'package.json': '{"name":"demo"}\n' });

async function input(outName: string, over: Partial<BuildImageInput> = {}): Promise<BuildImageInput> {
  return {
    root,
    outDir: path.join(root, '.specgate/images', outName),
    image: { base: 'oci:images/base:latest', workdir: '/app', user: '65532:65532', env: {}, platform: 'linux/amd64', readOnlyRootFilesystem: true },
    name: 'registry.example/demo',
    command: 'node dist/main.js',
    port: 8080,
    release: await packDeterministic(root, ['dist', 'package.json']),
    runId: '20260101000000',
    featureSha: '0123456789ab',
    toolVersion: '0.1.0',
    created: '2026-01-01T00:00:00Z',
    revision: 'a'.repeat(40),
    ...over,
  };
}

const manifestBytes = (outDir: string, digest: string): Buffer => fs.readFileSync(path.join(outDir, 'blobs/sha256', digest.slice(7)));

describe('buildImage', () => {
  const fsPort = { fs: new NodeFileSystem(), images: nodeImageSources };

  it('gives the same manifest digest, byte for byte, for the same inputs', async () => {
    const a = await buildImage(await input('a'), fsPort);
    // Touch the files: mtimes are not an input of the image.
    for (const f of ['dist/main.js', 'dist/lib/util.js']) fs.utimesSync(path.join(root, f), new Date(), new Date(Date.now() - 86_400_000));
    const b = await buildImage(await input('b'), fsPort);
    expect(b.record.manifest.digest).toBe(a.record.manifest.digest);
    expect(manifestBytes(path.join(root, '.specgate/images/b'), b.record.manifest.digest)).toEqual(manifestBytes(path.join(root, '.specgate/images/a'), a.record.manifest.digest));
    expect(b.record.layers).toEqual(a.record.layers);
  });

  it('a different created time or release gives a different digest (the check can fail)', async () => {
    const base = await buildImage(await input('c'), fsPort);
    const later = await buildImage(await input('d', { created: '2026-01-02T00:00:00Z' }), fsPort);
    expect(later.record.manifest.digest).not.toBe(base.record.manifest.digest);
    writeTree(root, { 'dist/main.js': 'console.log(2)\n' });
    const changed = await buildImage(await input('e'), fsPort);
    expect(changed.record.layers.at(-1)?.digest).not.toBe(base.record.layers.at(-1)?.digest);
    writeTree(root, { 'dist/main.js': 'console.log(1)\n' });
  });

  it('builds on a docker-archive base (docker save format) that skopeo then reads', async () => {
    execFileSync('skopeo', ['copy', `oci:${path.join(root, 'images/base')}:latest`, `docker-archive:${path.join(root, 'images/base-docker.tar')}`], { stdio: 'ignore' });
    const built = await buildImage(await input('f', { image: { ...(await input('x')).image, base: 'docker-archive:images/base-docker.tar' } }), fsPort);
    expect(built.record.layers.map((l) => l.origin)).toEqual(['base', 'release']);
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', `oci:${path.join(root, '.specgate/images/f')}:20260101000000`], { encoding: 'utf8' })) as { Digest: string };
    expect(inspect.Digest).toBe(built.record.manifest.digest);
  });

  it('refuses a base blob that does not match its digest', async () => {
    const layout = path.join(root, 'images/tampered');
    fs.cpSync(path.join(root, 'images/base'), layout, { recursive: true });
    const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const manifest = JSON.parse(fs.readFileSync(path.join(layout, 'blobs/sha256', index.manifests[0]!.digest.slice(7)), 'utf8')) as { layers: { digest: string }[] };
    fs.appendFileSync(path.join(layout, 'blobs/sha256', manifest.layers[0]!.digest.slice(7)), 'x');
    const bad = await input('g', { image: { ...(await input('x')).image, base: 'oci:images/tampered:latest' } });
    await expect(buildImage(bad, fsPort)).rejects.toMatchObject({ code: 'BASE_CORRUPT', message: expect.stringMatching(/does not match its digest/) as unknown });
  });
});
