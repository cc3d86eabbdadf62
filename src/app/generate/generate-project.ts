// `generateProject`: reads the spec set under projectRoot, plans the hexagonal layout (or runs the
// configured external generator) and writes it under outRoot — the project itself for
// `specgate generate`, the spec branch's worktree for the pipeline's generate stage.
import type { FileSystem, ProcessRunner } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { GenerateError } from '../../core/generate/errors.js';
import { parseFeature, type FeatureModel } from '../../core/generate/model.js';
import { planGeneration, type GenerationPlan, type PlannedFile, type ScenarioResults, type UndefinedStep } from '../../core/generate/plan.js';
import { configuredFolder } from '../../core/generate/plan.js';
import { applyPlan, staleGenerated } from './apply.js';
import { readSpecSet, specSetSha } from './spec-files.js';
import { describeGenerator, runExternalGenerator, type GeneratorRecord } from './external.js';

export interface GenerateProjectOptions {
  readonly fs: FileSystem;
  /** Holds specgate.yaml and the features. */
  readonly projectRoot: string;
  /** Where files are written (a worktree, or projectRoot itself). */
  readonly outRoot: string;
  /** The run's feature SHA; computed from the spec set when omitted. */
  readonly featureSha?: string;
  readonly config: SpecgateConfig;
  readonly dryRun: boolean;
  /** Scenario results (`file:line` → status) to record in living docs and traceability. */
  readonly results?: ScenarioResults;
  /** Needed only when `generate.command` is configured. */
  readonly processes?: ProcessRunner;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** specgate's version, recorded as the built-in generator's version. */
  readonly toolVersion?: string;
}

export interface GenerateProjectResult {
  readonly featureSha: string;
  readonly generator: GeneratorRecord;
  /** The plan (empty for an external generator, whose files specgate does not know). */
  readonly files: readonly PlannedFile[];
  readonly written: readonly string[];
  readonly kept: readonly string[];
  /** Generated files of features that no longer exist, removed (or that would be, in a dry run). */
  readonly removed: readonly string[];
  readonly undefinedSteps: readonly UndefinedStep[];
  readonly warnings: readonly string[];
  readonly specFiles: readonly string[];
}


/** Parses the spec set and plans the files, without writing anything. */
export async function planProject(fs: FileSystem, projectRoot: string, config: SpecgateConfig, featureSha?: string, results?: ScenarioResults): Promise<{ plan: GenerationPlan; featureSha: string; specFiles: string[] }> {
  const specs = await readSpecSet(fs, projectRoot, config.features);
  const sha = featureSha ?? specSetSha(specs);
  const features = specs.map((s) => parseFeature({ path: s.path, text: s.text })).filter((f): f is FeatureModel => f !== undefined);
  const plan = planGeneration({
    features,
    featureSha: sha,
    out: config.generate.out,
    docs: config.generate.docs,
    target: config.generate.target,
    ...(results === undefined ? {} : { results }),
  });
  return { plan, featureSha: sha, specFiles: specs.map((s) => s.path) };
}

export async function generateProject(options: GenerateProjectOptions): Promise<GenerateProjectResult> {
  const { fs, projectRoot, outRoot, config, dryRun } = options;
  const external = config.generate.command;
  if (external !== undefined) {
    const specs = await readSpecSet(fs, projectRoot, config.features);
      const sha = options.featureSha ?? specSetSha(specs);
    const base = { featureSha: sha, files: [], written: [], kept: [], removed: [], undefinedSteps: [], warnings: [], specFiles: specs.map((s) => s.path) };
    if (dryRun) return { ...base, generator: describeGenerator(external) };
    if (options.processes === undefined) throw new GenerateError('EXTERNAL_GENERATOR_FAILED', 'generate.command is set but no process runner was given');
    await fs.mkdirp(outRoot);
    const ran = await runExternalGenerator({
      processes: options.processes,
      generator: external,
      projectRoot,
      outRoot,
      featureSha: sha,
      featurePaths: base.specFiles,
      env: options.env ?? {},
      secretEnv: ['SPECGATE_SIGNING_KEY', config.signing.passphraseEnv],
      defaultTimeoutSeconds: config.timeouts.commandSeconds,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    return { ...base, generator: ran.generator };
  }
  const { plan, featureSha, specFiles } = await planProject(fs, projectRoot, config, options.featureSha, options.results);
  const folders = [configuredFolder(config.generate.out, 'generate.out'), configuredFolder(config.generate.docs, 'generate.docs')];
  const stale = await staleGenerated(fs, outRoot, folders, plan.files);
  const applied = await applyPlan(fs, outRoot, plan.files, dryRun, stale);
  return {
    featureSha,
    generator: { name: 'specgate', ...(options.toolVersion === undefined ? {} : { version: options.toolVersion }) },
    files: plan.files,
    written: applied.written,
    kept: applied.kept,
    removed: applied.removed,
    undefinedSteps: plan.undefinedSteps,
    warnings: plan.warnings,
    specFiles,
  };
}
