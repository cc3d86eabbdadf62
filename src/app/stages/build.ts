// Build: runs the project's build command (output captured to logs/build.log), packs the
// configured build outputs plus package.json into a deterministic release.tar.gz — exactly what
// the deploy stage installs — and writes the CycloneDX SBOM, the stage's main evidence.
// A failed build fails the run in both modes; a missing SBOM fails compliance and warns in sandbox.
import * as path from 'node:path';
import type { Mode } from '../../core/config/schema.js';
import { isSpecgateError } from '../../core/errors.js';
import { sha256Hex } from '../../core/data.js';
import { isSafeRelativePath } from '../../core/security/manifest.js';
import type { ImageRecord } from '../../core/image/record.js';
import type { GateDecision, Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { redactSecrets, withoutSecrets } from '../security/secrets.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import type { BuildStagePorts } from './ports.js';

export const BUILD_LOG = 'logs/build.log';
/** Keep at most this much build output; the head is dropped first (the end says why it failed). */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

/** The packed release: its bytes and what the stage records about it. */
interface PackedRelease {
  readonly archive: Buffer;
  readonly release: { readonly path: string; readonly sha256: string; readonly size: number; readonly contents: readonly string[] };
}

const failure = (summary: string, gates: GateDecision[], extra: Partial<StageResult> = {}): StageResult => ({ status: 'failure', summary, gates, ...extra });

async function runBuildCommand(ctx: StageContext): Promise<GateDecision | undefined> {
  const configured = ctx.config.commands.build;
  if (configured === undefined) return undefined;
  const command = typeof configured === 'string' ? configured : configured.run;
  const seconds = (typeof configured === 'string' ? undefined : configured.timeoutSeconds) ?? ctx.config.timeouts.commandSeconds;
  const chunks: string[] = [];
  let size = 0;
  let dropped = false;
  ctx.emit({ type: 'log', stage: 'build', message: `build: ${command}` });
  const result = await ctx.processes.run({
    command,
    shell: true,
    cwd: ctx.run.projectRoot,
    // The signing key and its passphrase never reach project scripts.
    env: { ...withoutSecrets(ctx.env, ctx.config), CI: 'true', FORCE_COLOR: '0' },
    timeoutMs: seconds * 1000,
    signal: ctx.signal,
    onOutput: (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      while (size > MAX_LOG_BYTES && chunks.length > 1) {
        size -= chunks.shift()?.length ?? 0;
        dropped = true;
      }
    },
  });
  const ending = result.timedOut
    ? `\n[specgate] timed out after ${seconds}s; process group killed\n`
    : `\n[specgate] exit ${result.exitCode ?? `signal ${result.signal ?? '?'}`} after ${(result.durationMs / 1000).toFixed(1)}s\n`;
  const text = `$ ${command}\n${dropped ? '[specgate] earlier output dropped (log limit 8 MiB)\n' : ''}${chunks.join('')}${ending}`;
  await ctx.writeArtifact(BUILD_LOG, redactSecrets(text, ctx.env, ctx.config), 'text/plain');
  if (result.aborted) return { gate: 'build', outcome: 'fail', reason: 'build interrupted' };
  if (result.timedOut) return { gate: 'build', outcome: 'fail', reason: `build timed out after ${seconds}s (see ${BUILD_LOG})` };
  if (result.exitCode !== 0) return { gate: 'build', outcome: 'fail', reason: `build exited ${result.exitCode ?? result.signal ?? '?'} (see ${BUILD_LOG})` };
  return { gate: 'build', outcome: 'pass', reason: `build passed in ${(result.durationMs / 1000).toFixed(1)}s` };
}

/** The paths that go into the release: deploy.artifacts plus package.json, each checked to exist inside the root. */
async function releasePaths(ctx: StageContext): Promise<{ paths: string[] } | { error: string }> {
  const root = ctx.run.projectRoot;
  const realRoot = await ctx.fs.realpath(root);
  const wanted = [...new Set([...ctx.config.deploy.artifacts.map((p) => path.posix.normalize(p.split(path.sep).join('/')).replace(/\/$/, '')), 'package.json'])];
  const paths: string[] = [];
  for (const rel of wanted) {
    if (!isSafeRelativePath(rel)) return { error: `deploy.artifacts: ${rel} must be a relative path inside the project` };
    const absolute = path.join(root, rel);
    if ((await ctx.fs.stat(absolute)) === undefined) {
      if (rel === 'package.json') continue;
      return { error: `deploy.artifacts: ${rel} does not exist after the build (check commands.build and deploy.artifacts)` };
    }
    // A symlink pointing out of the project would pack files from elsewhere on the machine.
    const real = await ctx.fs.realpath(absolute);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) return { error: `deploy.artifacts: ${rel} resolves outside the project (${real})` };
    paths.push(rel);
  }
  return { paths: paths.sort() };
}

function sbomGate(mode: Mode, reason: string): GateDecision {
  return { gate: 'sbom', outcome: mode === 'compliance' ? 'fail' : 'warn', reason };
}

export function createBuildStage(ports: BuildStagePorts): Stage {
  return {
    name: 'build',
    description: 'build command, release archive and SBOM',
    async run(ctx) {
      const gates: GateDecision[] = [];
      const build = await runBuildCommand(ctx);
      if (build !== undefined) gates.push(build);
      if (build?.outcome === 'fail') return failure(build.reason, gates, { artifact: BUILD_LOG });
      const packed = await packRelease(ctx, ports, gates);
      if ('status' in packed) return packed;
      // build.image: the release appended to a base image as one layer (docs/images.md).
      let image: ImageRecord | undefined;
      if (ctx.config.build.image !== undefined) {
        const built = await (await import('../image/stage-image.js')).buildRunImage(ctx, ports.images, packed.archive);
        gates.push(built.gate);
        if (built.record === undefined) return failure(built.gate.reason, gates, { artifact: EVIDENCE_FILE.release, data: { release: packed.release } });
        image = built.record;
      }
      return recordSbom(ctx, ports, packed, image, gates);
    },
  };
}

/** Packs deploy.artifacts (checked to stay inside the project) into release.tar.gz and records it. */
async function packRelease(ctx: StageContext, ports: BuildStagePorts, gates: GateDecision[]): Promise<PackedRelease | StageResult> {
  const selected = await releasePaths(ctx);
  if ('error' in selected) return failure(selected.error, [...gates, { gate: 'release', outcome: 'fail', reason: selected.error }]);
  let archive: Buffer;
  try {
    archive = await ports.pack(ctx.run.projectRoot, selected.paths, ctx.signal);
  } catch (error) {
    const reason = `packing ${EVIDENCE_FILE.release} failed: ${error instanceof Error ? error.message : String(error)}`;
    return failure(reason, [...gates, { gate: 'release', outcome: 'fail', reason }]);
  }
  await ctx.writeArtifact(EVIDENCE_FILE.release, archive, 'application/gzip');
  const release = { path: EVIDENCE_FILE.release, sha256: sha256Hex(archive), size: archive.length, contents: selected.paths };
  gates.push({ gate: 'release', outcome: 'pass', reason: `${EVIDENCE_FILE.release} (${selected.paths.join(', ')}), sha256 ${release.sha256.slice(0, 12)}` });
  return { archive, release };
}

/** The CycloneDX SBOM (nested under the image when there is one), checked to cover the runtime. */
async function recordSbom(ctx: StageContext, ports: BuildStagePorts, { archive, release }: PackedRelease, image: ImageRecord | undefined, gates: GateDecision[]): Promise<StageResult> {
  const imageData = image === undefined ? {} : { image: { reference: image.reference, manifestDigest: image.manifest.digest, layout: image.layout } };
  const { generateSbom } = await import('../security/sbom.js');
  try {
    const sbom = await generateSbom({ fs: ctx.fs, clock: ctx.clock, root: ctx.run.projectRoot, config: ctx.config, includeDev: false, toolVersion: ctx.run.toolVersion, platform: ports.currentPlatform() });
    await ctx.writeArtifact(EVIDENCE_FILE.sbom, image === undefined ? sbom.json : (await import('../../core/image/sbom-image.js')).nestUnderImage(sbom.json, image), 'application/vnd.cyclonedx+json');
    for (const w of sbom.warnings) ctx.emit({ type: 'finding', stage: 'build', severity: 'warning', text: w });
    const { sbomRuntimeGaps, describeRuntimeGap } = await import('../security/sbom-coverage.js');
    const gaps = await sbomRuntimeGaps(ctx.fs, ctx.run.projectRoot, sbom.json);
    gates.push(gaps.length > 0 ? sbomGate(ctx.run.mode, gaps.map(describeRuntimeGap).join('; ')) : { gate: 'sbom', outcome: 'pass', reason: `${sbom.components} components from ${sbom.lockfile}` });
    if (gaps.length > 0 && ctx.run.mode === 'compliance') return failure(gates.at(-1)?.reason ?? 'SBOM does not cover the runtime', gates, { artifact: EVIDENCE_FILE.sbom, data: { release } });
    return {
      status: gates.some((g) => g.outcome === 'warn') ? 'warning' : 'success',
      summary: `built; ${EVIDENCE_FILE.release} ${(archive.length / 1024).toFixed(1)} KiB;${image === undefined ? '' : ` image ${image.manifest.digest.slice(0, 19)}…;`} SBOM of ${sbom.components} components`,
      artifact: EVIDENCE_FILE.sbom,
      gates,
      data: { release, ...imageData, sbom: { serialNumber: sbom.serialNumber, components: sbom.components, lockfile: sbom.lockfile } },
    };
  } catch (error) {
    if (!isSpecgateError(error)) throw error;
    const gate = sbomGate(ctx.run.mode, `no SBOM: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}`);
    gates.push(gate);
    return { status: gate.outcome === 'fail' ? 'failure' : 'warning', summary: gate.reason, artifact: EVIDENCE_FILE.release, gates, data: { release, ...imageData } };
  }
}
