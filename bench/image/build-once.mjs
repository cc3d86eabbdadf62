#!/usr/bin/env node
// One image build as the build stage does it: pack the release (tar --sort=name … | gzip -n -9),
// then append it to the base as one layer and write the OCI layout. Used by bench/image/run.mjs.
// Usage: node bench/image/build-once.mjs PROJECT_DIR OUT_DIR PATH...
import * as path from 'node:path';
import { REPO } from '../lib/pairs.mjs';

const [root, outDir, ...paths] = process.argv.slice(2);
const dist = (rel) => import(path.join(REPO, 'dist', rel));
const { packDeterministic } = await dist('adapters/security/release-archive.js');
const { buildImage } = await dist('app/image/build-image.js');
const { NodeFileSystem } = await dist('adapters/node-fs.js');
const { nodeImageSources } = await dist('adapters/image/sources.js');
const release = await packDeterministic(root, paths);
const built = await buildImage(
  {
    root,
    outDir,
    image: { base: 'oci:images/base:latest', workdir: '/app', user: '65532:65532', env: {}, platform: 'linux/amd64', readOnlyRootFilesystem: true },
    name: 'registry.example/bench',
    command: 'node dist/main.js',
    port: 8080,
    release,
    runId: '20260101000000',
    featureSha: '0123456789ab',
    toolVersion: 'bench',
    created: '2026-01-01T00:00:00Z',
    revision: null,
  },
  { fs: new NodeFileSystem(), images: nodeImageSources },
);
if (process.env.BENCH_VERBOSE) console.log(built.record.reference);
