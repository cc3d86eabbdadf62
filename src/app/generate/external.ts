// The external generator hook: runs the tool configured as `generate.command` (for example an AI
// coding agent) with the spec set, feature SHA and output folder in its environment, and records
// which generator ran. Its output goes to the caller's onOutput, never into evidence: a tool's
// chatter may hold anything.
import * as path from 'node:path';
import type { ProcessRunner } from '../../core/ports.js';
import type { ExternalGeneratorConfig } from '../../core/config/sections/generate.js';
import { GenerateError } from '../../core/generate/errors.js';

export interface GeneratorRecord {
  readonly name: string;
  /** The configured command (external) or undefined for the built-in generator. */
  readonly command?: string;
  readonly version?: string;
}

export interface ExternalGeneratorOptions {
  readonly processes: ProcessRunner;
  readonly generator: ExternalGeneratorConfig;
  readonly projectRoot: string;
  /** Where the tool must write; also its working directory. */
  readonly outRoot: string;
  readonly featureSha: string;
  /** Spec files relative to projectRoot. */
  readonly featurePaths: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Variables never passed to the tool (specgate's signing secrets). */
  readonly secretEnv?: readonly string[];
  readonly signal?: AbortSignal;
  readonly defaultTimeoutSeconds?: number;
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExternalGeneratorResult {
  readonly generator: GeneratorRecord;
  readonly exitCode: number;
  readonly durationMs: number;
}

function normalise(config: ExternalGeneratorConfig): { run: string; name: string; versionCommand?: string; timeoutSeconds?: number } {
  if (typeof config === 'string') return { run: config, name: config.trim().split(/\s+/)[0] ?? 'external' };
  return { ...config, name: config.name ?? config.run.trim().split(/\s+/)[0] ?? 'external' };
}

/** What the evidence records about a configured generator before (or without) running it. */
export function describeGenerator(config: ExternalGeneratorConfig): GeneratorRecord {
  const { name, run } = normalise(config);
  return { name, command: run };
}

export async function runExternalGenerator(options: ExternalGeneratorOptions): Promise<ExternalGeneratorResult> {
  const config = normalise(options.generator);
  // An external tool (an AI agent, say) gets the caller's environment for its own credentials,
  // but never specgate's signing key: whoever holds it can forge evidence.
  const secrets = new Set(options.secretEnv ?? ['SPECGATE_SIGNING_KEY', 'SPECGATE_KEY_PASSPHRASE']);
  const env = {
    ...Object.fromEntries(Object.entries(options.env).filter(([key]) => !secrets.has(key))),
    SPECGATE_FEATURE_SHA: options.featureSha,
    SPECGATE_FEATURES: options.featurePaths.map((p) => path.resolve(options.projectRoot, p)).join('\n'),
    SPECGATE_OUT: path.resolve(options.outRoot),
    SPECGATE_PROJECT_ROOT: path.resolve(options.projectRoot),
  };
  let version: string | undefined;
  if (config.versionCommand !== undefined) {
    const probe = await options.processes.run({ command: config.versionCommand, shell: true, cwd: options.outRoot, env, timeoutMs: 30_000, ...(options.signal ? { signal: options.signal } : {}) });
    const first = `${probe.stdout}\n${probe.stderr}`.split('\n').map((l) => l.trim()).find((l) => l !== '');
    if (probe.exitCode === 0 && first !== undefined) version = first.slice(0, 200);
  }
  const timeoutSeconds = config.timeoutSeconds ?? options.defaultTimeoutSeconds ?? 600;
  const result = await options.processes.run({
    command: config.run,
    shell: true,
    cwd: options.outRoot,
    env,
    timeoutMs: timeoutSeconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  const generator: GeneratorRecord = { name: config.name, command: config.run, ...(version === undefined ? {} : { version }) };
  if (result.exitCode !== 0) {
    const why = result.timedOut ? `timed out after ${timeoutSeconds}s` : result.aborted ? 'was interrupted' : `exited with ${result.exitCode ?? result.signal ?? 'unknown'}`;
    throw new GenerateError('EXTERNAL_GENERATOR_FAILED', `external generator '${config.name}' ${why}`, {
      path: 'specgate.yaml',
      hint: `run it by hand from ${options.outRoot} with SPECGATE_FEATURE_SHA, SPECGATE_FEATURES and SPECGATE_OUT set, or fix generate.command`,
    });
  }
  return { generator, exitCode: 0, durationMs: result.durationMs };
}
