// The pure parts of the image build: references, the deploy-image rule, purls, and the tar writer
// (read back by GNU tar, which specgate did not write).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDeployImage, numericUser } from './deploy-image.js';
import { checkImageName, isDigestReference, parseBaseReference, signatureTag } from './reference.js';
import { ociPurl } from './sbom-image.js';
import { entrypointOf } from './settings.js';
import { writeTar } from './tar-writer.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it('parses the base transports skopeo names, with and without a tag', () => {
    expect(parseBaseReference('oci:images/base:latest')).toEqual({ transport: 'oci', path: 'images/base', tag: 'latest' });
    expect(parseBaseReference('oci:images/base')).toEqual({ transport: 'oci', path: 'images/base' });
    expect(parseBaseReference('oci-archive:base.tar:v1.2')).toEqual({ transport: 'oci-archive', path: 'base.tar', tag: 'v1.2' });
    expect(parseBaseReference('docker-archive:saved.tar')).toEqual({ transport: 'docker-archive', path: 'saved.tar' });
    expect(() => parseBaseReference('docker://busybox:latest')).toThrow(/is not oci:DIR/);
    expect(() => parseBaseReference('oci:')).toThrow(/names no path/);
  });

  it('accepts repository names only (no tag, no digest, lowercase)', () => {
    expect(checkImageName('registry.example:5000/team/app')).toBe('registry.example:5000/team/app');
    for (const bad of ['Team/App', 'app:1.0', `app@${DIGEST}`, '']) expect(() => checkImageName(bad)).toThrow(/not a repository name/);
  });

  it('names cosign signatures by digest and knows a pinned reference', () => {
    expect(signatureTag(DIGEST)).toBe(`sha256-${'a'.repeat(64)}.sig`);
    expect(isDigestReference(`r.example/app@${DIGEST}`)).toBe(true);
    expect(isDigestReference('r.example/app:1.0')).toBe(false);
  });

  it('writes the pkg:oci purl of the purl spec', () => {
    expect(ociPurl('registry.example/team/App', DIGEST, { arch: 'amd64' })).toBe(`pkg:oci/app@sha256%3A${'a'.repeat(64)}?arch=amd64&repository_url=registry.example/team/App`);
  });
});

describe('deploy image', () => {
  it("deploys the run's own image by digest, with its numeric user", () => {
    expect(chooseDeployImage({ configured: 'x/y:1', run: { reference: `x/y@${DIGEST}`, user: '65532:65532' }, mode: 'compliance' })).toEqual({
      image: `x/y@${DIGEST}`, source: 'run', runAs: { user: 65532, group: 65532 },
    });
  });

  it('refuses a tag-only configured image in compliance, accepts it in sandbox', () => {
    expect(() => chooseDeployImage({ configured: 'x/y:1', mode: 'compliance' })).toThrow(expect.objectContaining({ code: 'IMAGE_NOT_PINNED' }) as Error);
    expect(chooseDeployImage({ configured: 'x/y:1', mode: 'sandbox' }).image).toBe('x/y:1');
    expect(chooseDeployImage({ configured: `x/y@${DIGEST}`, mode: 'compliance' }).image).toBe(`x/y@${DIGEST}`);
    expect(() => chooseDeployImage({ mode: 'sandbox' })).toThrow(expect.objectContaining({ code: 'IMAGE_MISSING' }) as Error);
  });

  it('reads numeric users only', () => {
    expect(numericUser('1000')).toEqual({ user: 1000 });
    expect(numericUser('nobody')).toBeUndefined();
  });

  it('runs plain commands without a shell, others through /bin/sh -c', () => {
    expect(entrypointOf('node dist/main.js')).toEqual(['node', 'dist/main.js']);
    expect(entrypointOf('node a.js && echo done')).toEqual(['/bin/sh', '-c', 'node a.js && echo done']);
    expect(entrypointOf(undefined)).toEqual([]);
  });
});

describe('writeTar', () => {
  it('writes a stream GNU tar lists with fixed owners, times and modes, long names included', () => {
    const long = `app/${'deep/'.repeat(30)}file.txt`;
    const tar = writeTar(
      [
        { name: 'app', kind: 'directory', mode: 0o700 },
        { name: 'app/run.sh', kind: 'file', mode: 0o700, data: Buffer.from('#!/bin/sh\n') },
        { name: 'app/link', kind: 'symlink', mode: 0o777, linkTarget: 'run.sh' },
        { name: long, kind: 'file', mode: 0o600, data: Buffer.from('x') },
      ],
      1767225600,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-tar-'));
    fs.writeFileSync(path.join(dir, 'l.tar'), tar);
    const listing = execFileSync('tar', ['--numeric-owner', '--full-time', '-tvf', path.join(dir, 'l.tar')], { encoding: 'utf8', env: { TZ: 'UTC', PATH: process.env.PATH } });
    fs.rmSync(dir, { recursive: true, force: true });
    const lines = listing.trim().split('\n');
    expect(lines[0]).toMatch(/^drwxr-xr-x 0\/0 +0 2026-01-01 00:00:00 app\/$/);
    expect(lines[1]).toMatch(/^-rwxr-xr-x 0\/0 +10 2026-01-01 00:00:00 app\/run\.sh$/);
    expect(lines[2]).toMatch(/^lrwxrwxrwx 0\/0 +0 2026-01-01 00:00:00 app\/link -> run\.sh$/);
    expect(lines[3]).toMatch(new RegExp(`^-rw-r--r-- 0/0 +1 2026-01-01 00:00:00 ${long.replace(/\./g, '\\.')}$`));
  });
});
