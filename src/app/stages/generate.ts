// Generate: builds the implementation from the specs inside a separate git worktree and commits it
// onto the spec branch `auto/spec-implementation/<feature-sha>` (docs/contracts.md §2). The user's working
// copy and index are never touched. Records which generator ran and the branch outcome.
import { BranchConflictError, BranchError } from '../../core/branch/errors.js';
import type { BranchOutcome } from '../branch/publish.js';
import type { GenerateProjectResult } from '../generate/generate-project.js';
import { scenarioResults, type PickleResult } from '../../core/generate/spec-coverage.js';
import type { ScenarioResults } from '../../core/generate/plan.js';
import type { Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { redactSecrets } from '../security/secrets.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import type { GenerateStagePorts } from './ports.js';

async function scenarioResultsOf(ctx: StageContext): Promise<ScenarioResults | undefined> {
  const text = await ctx.readArtifact(EVIDENCE_FILE.coverage);
  if (text === undefined) return undefined;
  const doc = JSON.parse(text) as { scenarios?: PickleResult[] | null };
  return doc.scenarios ? scenarioResults(doc.scenarios) : undefined;
}

/** The living docs with this run's scenario results go into the evidence (see living-docs.ts). */
async function writeRunDocs(ctx: StageContext, results: ScenarioResults | undefined): Promise<void> {
  if (results === undefined) return;
  const { livingDocsWithResults } = await import('./living-docs.js');
  const docs = await livingDocsWithResults(ctx.fs, ctx.run.projectRoot, ctx.config, ctx.run.featureSha, results);
  for (const doc of docs) {
    await ctx.writeArtifact(doc.path, doc.content, doc.path.endsWith('.json') ? 'application/json' : 'text/markdown');
  }
}

export const createGenerateStage = (ports: GenerateStagePorts): Stage => ({
  name: 'generate',
  description: 'hexagonal code, step stubs and living docs onto the spec branch',
  async run(ctx): Promise<StageResult> {
    // How each scenario fared in this run's validate stage: recorded in evidence, never on the branch.
    const results = await scenarioResultsOf(ctx);
    try {
      const { outcome, generated, logs } = await generateOntoSpecBranch(ctx, ports);
      await writeGenerationEvidence(ctx, outcome, generated, logs, results);
      return generationResult(outcome, generated);
    } catch (error) {
      const result = branchProblemResult(ctx, error);
      if (result === undefined) throw error;
      return result;
    }
  },
});

/** Runs the generator inside the spec branch's worktree and publishes the branch. */
async function generateOntoSpecBranch(ctx: StageContext, ports: GenerateStagePorts): Promise<{ outcome: BranchOutcome; generated: GenerateProjectResult | undefined; logs: string[] }> {
  const [{ generateProject }, { publishSpecBranch }] = await Promise.all([import('../generate/generate-project.js'), import('../branch/publish.js')]);
  let generated: GenerateProjectResult | undefined;
  const logs: string[] = [];
  const outcome = await publishSpecBranch({
    repoRoot: ctx.run.projectRoot,
    featureSha: ctx.run.featureSha,
    mode: ctx.run.mode,
    message: `specgate: implementation of feature ${ctx.run.featureSha} (run ${ctx.run.runId})`,
    signal: ctx.signal,
    // The branch must hold exactly the specs it is named after.
    specPaths: ctx.config.features,
    push: ctx.config.branch.push,
    ...(ctx.config.branch.remote === undefined ? {} : { remote: ctx.config.branch.remote }),
    ...(ctx.config.branch.author === undefined ? {} : { author: ctx.config.branch.author }),
    populate: async (worktree) => {
      generated = await generateProject({
        fs: ctx.fs,
        projectRoot: ctx.run.projectRoot,
        outRoot: worktree,
        featureSha: ctx.run.featureSha,
        config: ctx.config,
        dryRun: false,
        processes: ctx.processes,
        env: ctx.env,
        signal: ctx.signal,
        onOutput: (chunk) => logs.push(chunk),
        toolVersion: ctx.run.toolVersion,
      });
    },
  }, ports.specBranch(ctx.signal));
  return { outcome, generated, logs };
}

/** generation.json, the living docs with this run's results, and the generator's (redacted) log. */
async function writeGenerationEvidence(ctx: StageContext, outcome: BranchOutcome, generated: GenerateProjectResult | undefined, logs: readonly string[], results: ScenarioResults | undefined): Promise<void> {
  const record = {
    schemaVersion: 1,
    featureSha: ctx.run.featureSha,
    generator: generated?.generator ?? null,
    branch: outcome,
    files: (generated?.files ?? []).map((f) => ({ path: f.path, kind: f.kind })),
    written: generated?.written ?? [],
    kept: generated?.kept ?? [],
    undefinedSteps: generated?.undefinedSteps ?? [],
    warnings: generated?.warnings ?? [],
  };
  await ctx.writeArtifact(EVIDENCE_FILE.generation, `${JSON.stringify(record, null, 2)}\n`, 'application/json');
  await writeRunDocs(ctx, results);
  if (logs.length > 0) await ctx.writeArtifact('logs/generate.log', redactSecrets(logs.join(''), ctx.env, ctx.config), 'text/plain');
}

function generationResult(outcome: BranchOutcome, generated: GenerateProjectResult | undefined): StageResult {
  const warned = outcome.outcome === 'variant' || (generated?.warnings.length ?? 0) > 0;
  const branchReason =
    outcome.outcome === 'variant'
      ? `${outcome.variantOf ?? 'the spec branch'} holds different content; wrote ${outcome.branch}`
      : outcome.outcome === 'reused'
        ? `${outcome.branch} already holds identical content (reused)`
        : `created ${outcome.branch} at ${outcome.commit.slice(0, 12)}`;
  return {
    status: warned ? 'warning' : 'success',
    summary: `${generated?.generator.name ?? 'generator'}: ${generated?.written.length ?? 0} files written; ${branchReason}`,
    artifact: EVIDENCE_FILE.generation,
    gates: [{ gate: 'spec branch', outcome: outcome.outcome === 'variant' ? 'warn' : 'pass', reason: branchReason }],
    data: { branch: outcome.branch, commit: outcome.commit },
  };
}

/** A spec-branch conflict blocks; no repository fails compliance and warns in sandbox; else undefined. */
function branchProblemResult(ctx: StageContext, error: unknown): StageResult | undefined {
  if (error instanceof BranchConflictError) {
    // Compliance: a spec branch with other content is a conflict that blocks (exit 3).
    return { status: 'blocked', summary: error.message, gates: [{ gate: 'spec branch', outcome: 'block', reason: error.message }] };
  }
  if (error instanceof BranchError && (error.code === 'GIT_NOT_A_REPO' || error.code === 'GIT_NO_COMMITS')) {
    const outcome = ctx.run.mode === 'compliance' ? 'fail' : 'warn';
    const reason = `${ctx.run.projectRoot} is not a git repository, so there is no spec branch (run 'git init')`;
    return { status: ctx.run.mode === 'compliance' ? 'failure' : 'warning', summary: reason, gates: [{ gate: 'spec branch', outcome, reason }] };
  }
  return undefined;
}
