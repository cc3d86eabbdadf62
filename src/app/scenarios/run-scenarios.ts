// `runScenarios`: executes the spec set's scenarios for real — against a running service (baseUrl,
// or generate.scenarios.url) or the project's in-process app (generate.scenarios.app, started on
// an ephemeral loopback port) — and returns one result per pickle plus cucumber's NDJSON messages,
// which callers keep as evidence (`cucumber-messages.ndjson`).
import * as path from 'node:path';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { InterruptedError } from '../../core/errors.js';
import { GenerateError } from '../../core/generate/errors.js';
import type { PickleResult } from '../../core/generate/spec-coverage.js';
import type { ScenarioJob, ScenarioPorts } from '../../core/scenarios/ports.js';
import { parseEnvelopes, pickleResults } from './messages.js';
import { scenarioProgress, type ScenarioProgress } from './progress.js';
import { redactSecrets } from '../security/secrets.js';

export interface RunScenariosOptions {
  readonly projectRoot: string;
  readonly config: SpecgateConfig;
  /** Feature files (relative to projectRoot or absolute). */
  readonly featurePaths: readonly string[];
  /** Cucumber tag expression selecting the scenarios to run (e.g. `@smoke and not @slow`). */
  readonly tags?: string;
  /** A running service; overrides generate.scenarios.app and .url. */
  readonly baseUrl?: string;
  readonly signal?: AbortSignal;
  /** The environment of the runner and the service (specgate's signing secrets are removed). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly ports: ScenarioPorts;
  /** Receives the runner's stderr (app and step logs) as it arrives. */
  readonly onLog?: (chunk: string) => void;
  /** Called as each scenario starts ("scenario 3/20"), for live progress. */
  readonly onScenario?: (progress: ScenarioProgress) => void;
}

export interface RunScenariosResult {
  readonly pickles: readonly PickleResult[];
  /** Every cucumber message of the run, one JSON object per line. */
  readonly messagesNdjson: string;
  /** What the scenarios ran against: `app:<module>` or the URL. */
  readonly target: string;
  readonly durationMs: number;
}

/** The runner's environment: the caller's minus specgate's signing secrets, which app and step code never need. */
export function scenarioEnv(env: Readonly<Record<string, string | undefined>>, config: SpecgateConfig): Record<string, string | undefined> {
  const secrets = new Set(['SPECGATE_SIGNING_KEY', config.signing.passphraseEnv]);
  return Object.fromEntries(Object.entries(env).filter(([key]) => !secrets.has(key)));
}

function inside(root: string, file: string, what: string): string {
  const full = path.resolve(root, file);
  const rel = path.relative(root, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new GenerateError('UNSAFE_OUTPUT_PATH', `${what} '${file}' is outside the project root`, { path: 'specgate.yaml', hint: 'use a path inside the project' });
  }
  return full;
}

/** Step lines of the HTTP library: scenarios that use them need a service to talk to. */
const HTTP_STEP = /^\s*(?:\S+\s+)?(?:the service is running|I call (?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) )/m;

/** One clear line instead of every HTTP scenario timing out against nothing. */
async function assertServiceTarget(options: RunScenariosOptions): Promise<void> {
  const texts = await Promise.all(options.featurePaths.map((f) => options.ports.fs.readText(path.resolve(options.projectRoot, f)).catch(() => '')));
  if (texts.some((text) => HTTP_STEP.test(text))) {
    throw new GenerateError('SCENARIO_NO_TARGET', 'the scenarios call an HTTP service but none is configured to run them against', {
      path: 'specgate.yaml',
      hint: "set generate.scenarios.command (starts this run's build on $PORT), generate.scenarios.app (a JS module) or generate.scenarios.url",
    });
  }
}

export async function runScenarios(options: RunScenariosOptions): Promise<RunScenariosResult> {
  const { config } = options;
  const settings = config.generate.scenarios;
  // This run's build first: an explicit URL, else the service command, else the in-process app, else a configured URL.
  if (options.baseUrl === undefined && settings.command !== undefined) {
    const service = await options.ports.services.start({
      root: options.projectRoot,
      command: settings.command,
      healthPath: settings.healthPath,
      startSeconds: settings.startSeconds,
      env: scenarioEnv(options.env, config),
      memoryLimitBytes: config.deploy.resources.limits.memoryMi * 1024 * 1024,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      const result = await runAgainst({ ...options, baseUrl: service.url });
      return { ...result, target: `command:${settings.command}` };
    } finally {
      await service.stop();
    }
  }
  if (options.baseUrl === undefined && settings.url === undefined && settings.app === undefined) await assertServiceTarget(options);
  return runAgainst(options);
}

async function runAgainst(options: RunScenariosOptions): Promise<RunScenariosResult> {
  const { projectRoot, config } = options;
  const settings = config.generate.scenarios;
  const baseUrl = options.baseUrl ?? settings.url;
  const app = baseUrl === undefined && settings.app !== undefined ? inside(projectRoot, settings.app, 'generate.scenarios.app') : undefined;
  const job: ScenarioJob = {
    cwd: projectRoot,
    features: options.featurePaths.map((f) => path.resolve(projectRoot, f)),
    steps: settings.steps.map((s) => inside(projectRoot, s, 'generate.scenarios.steps')),
    healthPath: settings.healthPath,
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(app === undefined ? {} : { app }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
  if (app !== undefined && (await options.ports.fs.stat(app)) === undefined) {
    throw new GenerateError('SCENARIO_RUN_FAILED', `generate.scenarios.app '${settings.app ?? ''}' does not exist`, {
      path: 'specgate.yaml',
      hint: 'build the project first (commands.build, or a test command that builds), or set generate.scenarios.url to a running service',
    });
  }
  let stderr = '';
  const onMessages = options.onScenario === undefined ? undefined : scenarioProgress(options.onScenario);
  const result = await options.ports.cucumber.run(job, {
    cwd: projectRoot,
    env: scenarioEnv(options.env, config),
    timeoutMs: settings.timeoutSeconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
    onOutput: (chunk, stream) => {
      if (stream === 'stdout') return onMessages?.(chunk);
      stderr += chunk;
      options.onLog?.(chunk);
    },
  });
  if (result.aborted) throw new InterruptedError('the scenario run was interrupted');
  if (result.exitCode !== 0 || result.timedOut) {
    // The app's own output, printed on the terminal and in CI logs: redacted like every captured stream.
    const tail = redactSecrets(stderr.trim().split('\n').slice(-15).join('\n'), options.env, config);
    throw new GenerateError(
      'SCENARIO_RUN_FAILED',
      result.timedOut ? `the scenario run timed out after ${settings.timeoutSeconds}s` : `the scenario runner failed:\n${tail}`,
      { path: 'specgate.yaml', hint: 'check generate.scenarios (app, url, steps) and that the app is built' },
    );
  }
  const envelopes = parseEnvelopes(result.stdout);
  const toProjectPath = (uri: string): string => path.relative(projectRoot, path.resolve(projectRoot, uri)).split(path.sep).join('/');
  return {
    pickles: pickleResults(envelopes, toProjectPath),
    messagesNdjson: envelopes.map((e) => JSON.stringify(e)).join('\n') + (envelopes.length > 0 ? '\n' : ''),
    target: baseUrl ?? (app === undefined ? 'none' : `app:${path.relative(projectRoot, app)}`),
    durationMs: result.durationMs,
  };
}
