// Exports the pipeline as a reusable GitHub Actions workflow: one job per stage group, each a
// fresh runner running the same CLI on the same run. Evidence travels between jobs as an artifact
// (the whole reports/ folder, ledger included) and the run id as a job output, so the jobs append
// to one run and one hash chain, exactly as a single `specgate run` on one machine would.
import { Document } from 'yaml';
import { InternalError } from '../../core/errors.js';
import { STAGE_NAMES, type StageName } from '../../core/evidence/vocabulary.js';
import { installStep, PINNED_ACTIONS, pinnedSpecgate, type PinnedSpecgate } from './pinned.js';
import { NODE_TOOLCHAIN, toolchainSteps, type ProjectToolchain } from './github-stacks.js';
import { imagePushStep } from './github-image.js';
import { triggers } from './github-triggers.js';

export interface StageGroup {
  /** Job id: lowercase letters, digits and dashes. */
  readonly id: string;
  readonly name: string;
  readonly stages: readonly StageName[];
}

/** The default split: checks, then the spec branch and build, then staging and the audit trail. */
export const DEFAULT_STAGE_GROUPS: readonly StageGroup[] = [
  { id: 'validate', name: 'Preflight and validate', stages: ['preflight', 'validate'] },
  { id: 'build', name: 'Generate and build', stages: ['generate', 'build'] },
  { id: 'deploy', name: 'Deploy and audit', stages: ['deploy', 'audit'] },
];

export interface GithubWorkflowOptions {
  /** Project folder relative to the repository root ('.' when they are the same). */
  readonly projectDir: string;
  /** Evidence folder relative to the project (config `reports`). */
  readonly reportsDir: string;
  readonly groups?: readonly StageGroup[];
  /** specgate version that generated the file, recorded in its header. */
  readonly version: string;
  /** The specgate the jobs install: see pinnedSpecgate (default: exactly `version`). */
  readonly specgate?: PinnedSpecgate;
  /** The project's stacks and lockfiles: what each job installs (default: a Node project with a lockfile). */
  readonly toolchain?: ProjectToolchain;
}

const MODE_CHECK =
  'case "$SPECGATE_MODE" in sandbox|compliance) ;; *) echo "::error::inputs.mode must be sandbox or compliance, got \'$SPECGATE_MODE\'"; exit 2 ;; esac';

/** Reads the run id from the NDJSON events of `specgate run --json` into the step's outputs. */
const CAPTURE_RUN_ID =
  'node -e \'const fs=require("fs");const e=fs.readFileSync(process.argv[1],"utf8").split("\\n").filter(Boolean).map((l)=>JSON.parse(l)).find((x)=>x.type==="run.started");if(!e){console.error("specgate printed no run.started event");process.exit(1)}fs.appendFileSync(process.env.GITHUB_OUTPUT,"run-id="+e.runId+"\\n")\' "$RUNNER_TEMP/specgate-events.ndjson"';

const PUSH_TO_STORE =
  'if [ -z "$SPECGATE_STORE_URL" ]; then echo "no evidence store configured (secret SPECGATE_STORE_URL): skipped"; exit 0; fi\nspecgate push';
const STORE_ENV = { SPECGATE_STORE_URL: '${{ secrets.SPECGATE_STORE_URL }}', PGPASSWORD: '${{ secrets.SPECGATE_STORE_PASSWORD }}' };

function joinPath(dir: string, rel: string): string {
  const clean = dir === '' || dir === '.' ? '' : `${dir.replace(/\/+$/, '')}/`;
  return `${clean}${rel.replace(/^\.\//, '').replace(/\/+$/, '')}`;
}

function validateGroups(groups: readonly StageGroup[]): void {
  const seen = new Set<StageName>();
  for (const group of groups) {
    if (!/^[a-z][a-z0-9-]*$/.test(group.id)) throw new InternalError(`stage group id '${group.id}' is not a valid job id`);
    for (const stage of group.stages) {
      if (!STAGE_NAMES.includes(stage) || seen.has(stage)) throw new InternalError(`stage '${stage}' is unknown or in two groups`);
      seen.add(stage);
    }
  }
  const order = groups.flatMap((g) => g.stages);
  if (order.some((stage, i) => i > 0 && STAGE_NAMES.indexOf(stage) < STAGE_NAMES.indexOf(order[i - 1]!))) {
    throw new InternalError('stage groups must follow the pipeline order');
  }
}

interface JobContext {
  readonly groups: readonly StageGroup[];
  readonly projectDir: string;
  readonly reports: string;
  readonly pinned: PinnedSpecgate;
  readonly toolchain: ProjectToolchain;
}

/** The `specgate run` of one job: the first starts the run and records its id, the others resume it. */
function runStep(group: StageGroup, index: number, ctx: JobContext): Record<string, unknown> {
  const first = ctx.groups[0]!;
  const stages = group.stages.join(',');
  // Every job but the last leaves the run open (`paused`) for the next one to resume.
  const hold = index < ctx.groups.length - 1 ? ' --hold' : '';
  const run =
    index === 0
      ? `specgate run --mode "$SPECGATE_MODE" --stages ${stages}${hold} --json | tee "$RUNNER_TEMP/specgate-events.ndjson"\n${CAPTURE_RUN_ID}`
      : `specgate run --mode "$SPECGATE_MODE" --resume "$SPECGATE_RUN_ID" --stages ${stages}${hold}`;
  return {
    name: `specgate ${group.stages.join(' + ')}`,
    ...(index === 0 ? { id: 'run' } : {}),
    run,
    env: {
      ...(index === 0 ? {} : { SPECGATE_RUN_ID: `\${{ needs.${first.id}.outputs.run-id }}` }),
      SPECGATE_SIGNING_KEY: '${{ secrets.SPECGATE_SIGNING_KEY }}',
      SPECGATE_KEY_PASSPHRASE: '${{ secrets.SPECGATE_KEY_PASSPHRASE }}',
    },
  };
}

/** Checkout, the project's toolchain, the pinned specgate, and (after the first job) this run's evidence so far. */
function setupSteps(index: number, ctx: JobContext): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [
    { name: `Check out (actions/checkout ${PINNED_ACTIONS.checkout.release})`, uses: PINNED_ACTIONS.checkout.uses, with: { 'fetch-depth': 0, 'persist-credentials': false } },
    ...toolchainSteps(ctx.toolchain, ctx.projectDir),
    installStep(ctx.pinned),
    { name: 'Check mode', run: MODE_CHECK },
  ];
  const previous = index > 0 ? ctx.groups[index - 1] : undefined;
  if (previous !== undefined) {
    // Only the previous job's artifact: it already holds everything before it, and merging older
    // copies of the ledger over newer ones would break its hash chain.
    steps.push({ name: 'Restore evidence of this run', uses: PINNED_ACTIONS.downloadArtifact.uses, with: { name: `specgate-evidence-${previous.id}`, path: ctx.reports } });
  }
  return steps;
}

function uploadStep(group: StageGroup, reports: string): Record<string, unknown> {
  return {
    name: 'Upload evidence',
    if: 'always()',
    uses: PINNED_ACTIONS.uploadArtifact.uses,
    with: {
      name: `specgate-evidence-${group.id}`,
      // `latest` symlinks would be uploaded as copies of a whole run: leave them out.
      path: `${reports}/\n!${reports}/*/latest\n`,
      'if-no-files-found': 'warn',
      'retention-days': '${{ inputs.evidence-retention-days }}',
    },
  };
}

function stageJob(group: StageGroup, index: number, ctx: JobContext): Record<string, unknown> {
  const first = ctx.groups[0]!;
  const steps = [...setupSteps(index, ctx), runStep(group, index, ctx)];
  if (group.stages.includes('build')) steps.push(imagePushStep(index === 0 ? '${{ steps.run.outputs.run-id }}' : `\${{ needs.${first.id}.outputs.run-id }}`));
  // With an evidence store configured (secret SPECGATE_STORE_URL), the run also reaches the store
  // from every job, so it outlives the runners. Secrets reach this step only; nothing echoes them.
  steps.push({ name: 'Push evidence to the store', if: 'always()', run: PUSH_TO_STORE, env: STORE_ENV }, uploadStep(group, ctx.reports));
  return {
    name: group.name,
    ...(index === 0 ? {} : { needs: ctx.groups.slice(0, index).map((g) => g.id) }),
    'runs-on': '${{ inputs.runs-on }}',
    'timeout-minutes': 60,
    ...(index === 0 ? { outputs: { 'run-id': '${{ steps.run.outputs.run-id }}' } } : {}),
    env: { SPECGATE_MODE: '${{ inputs.mode }}' },
    steps,
  };
}

/** The workflow as plain data (what the YAML says), deterministic for the same options. */
export function githubWorkflow(options: GithubWorkflowOptions): Record<string, unknown> {
  const groups = options.groups ?? DEFAULT_STAGE_GROUPS;
  validateGroups(groups);
  const projectDir = options.projectDir === '' ? '.' : options.projectDir;
  const ctx: JobContext = {
    groups,
    projectDir,
    reports: joinPath(projectDir, options.reportsDir),
    pinned: options.specgate ?? pinnedSpecgate(undefined, options.version),
    toolchain: options.toolchain ?? NODE_TOOLCHAIN,
  };
  return {
    name: 'specgate',
    on: triggers(),
    permissions: { contents: 'read' },
    // Runs of one ref queue instead of cancelling each other: a half-finished deploy is worse than a wait.
    concurrency: { group: 'specgate-${{ github.ref }}', 'cancel-in-progress': false },
    defaults: { run: { shell: 'bash', 'working-directory': projectDir } },
    jobs: Object.fromEntries(groups.map((group, index) => [group.id, stageJob(group, index, ctx)])),
  };
}

/** The workflow file's text: a header saying where it came from, then the YAML. */
export function renderGithubWorkflow(options: GithubWorkflowOptions): string {
  // No anchors/aliases: older GitHub runners and many linters reject them.
  const doc = new Document(githubWorkflow(options), { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Generated by specgate ${options.version}: specgate ci github. Regenerate instead of editing by hand.`,
    ' Reusable: call it from another workflow with',
    '   jobs: { specgate: { uses: ./.github/workflows/specgate.yml, with: { mode: compliance }, secrets: inherit } }',
    ' or start it by hand (workflow_dispatch). Evidence of each job is uploaded as specgate-evidence-<job>.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
