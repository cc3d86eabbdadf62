// The build stage's image step: when build.image is configured, builds the image from the release
// just packed, writes image.json (and the signed simple-signing payload) into the run, and returns
// the gate. `created` comes from SOURCE_DATE_EPOCH or the commit time, never the clock, so a rebuild
// of the same commit gives the same digest.
import * as path from 'node:path';
import { dnsLabel } from '../../core/deploy/kubernetes.js';
import { isSpecgateError } from '../../core/errors.js';
import type { ImageSources } from '../../core/image/ports.js';
import { IMAGE_PAYLOAD_FILE, type ImageRecord } from '../../core/image/record.js';
import type { GateDecision, StageContext } from '../pipeline/stage.js';
import { buildImage } from './build-image.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export const IMAGES_DIR = '.specgate/images';

async function gitFacts(ctx: StageContext): Promise<{ revision: string | null; commitTime: number | undefined }> {
  const result = await ctx.processes.run({ command: 'git', args: ['log', '-1', '--format=%H %ct', 'HEAD'], cwd: ctx.run.projectRoot, timeoutMs: 30_000 });
  const match = /^([0-9a-f]{40}) (\d+)$/.exec(result.stdout.trim());
  return result.exitCode === 0 && match ? { revision: match[1] ?? null, commitTime: Number(match[2]) } : { revision: null, commitTime: undefined };
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org) wins, then the commit time, then the Unix epoch. */
export function createdTime(sourceDateEpoch: string | undefined, commitTime: number | undefined): string {
  const epoch = sourceDateEpoch !== undefined && /^\d{1,12}$/.test(sourceDateEpoch.trim()) ? Number(sourceDateEpoch.trim()) : (commitTime ?? 0);
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
}

export function imageName(ctx: Pick<StageContext, 'config' | 'run'>): string {
  return ctx.config.build.image?.name ?? `localhost/${dnsLabel(ctx.config.name ?? path.basename(ctx.run.projectRoot))}`;
}

export async function buildRunImage(ctx: StageContext, images: ImageSources, release: Uint8Array): Promise<{ gate: GateDecision; record?: ImageRecord }> {
  const image = ctx.config.build.image;
  if (image === undefined) throw new TypeError('buildRunImage called without build.image');
  try {
    const git = await gitFacts(ctx);
    const signer = await ctx.signer?.();
    const built = await buildImage(
      {
        root: ctx.run.projectRoot,
        outDir: path.join(ctx.run.projectRoot, IMAGES_DIR, ctx.run.runId),
        image,
        name: imageName(ctx),
        command: ctx.config.deploy.command,
        port: image.port ?? ctx.config.deploy.kubernetes?.containerPort ?? 8080,
        release,
        runId: ctx.run.runId,
        featureSha: ctx.run.featureSha,
        toolVersion: ctx.run.toolVersion,
        created: createdTime(ctx.env.SOURCE_DATE_EPOCH, git.commitTime),
        revision: git.revision,
        ...(signer === undefined ? {} : { signer }),
      },
      { fs: ctx.fs, images },
    );
    if (built.payload !== null) await ctx.writeArtifact(IMAGE_PAYLOAD_FILE, built.payload, 'application/vnd.dev.cosign.simplesigning.v1+json');
    await ctx.writeArtifact(EVIDENCE_FILE.image, `${JSON.stringify(built.record, null, 2)}\n`, 'application/json');
    const signed = built.record.signature === null ? 'unsigned (no signing key)' : `signed as ${built.record.signature.tag.slice(0, 19)}….sig`;
    return { gate: { gate: 'image', outcome: 'pass', reason: `image ${built.record.reference} (${built.record.layers.length} layers), ${signed}` }, record: built.record };
  } catch (error) {
    if (!isSpecgateError(error)) throw error;
    return { gate: { gate: 'image', outcome: 'fail', reason: `image build failed: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}` } };
  }
}
