// The scenario domain's ports: a runner that executes cucumber over a job in a child process and
// a launcher that starts this run's build of the service for the scenarios to call. The use case
// (src/app/scenarios/run-scenarios.ts) drives both; the shell wires the Node implementations
// (src/adapters/scenarios, composed in src/cli/compose-scenarios.ts).
import type { FileSystem, ProcessResult, ProcessSpec } from '../ports.js';

/** What the cucumber child runs: read as JSON on its stdin. */
export interface ScenarioJob {
  readonly cwd: string;
  /** Absolute feature file paths. */
  readonly features: readonly string[];
  /** Absolute paths of project step files. */
  readonly steps: readonly string[];
  /** Absolute path of the in-process app module to start on an ephemeral loopback port. */
  readonly app?: string;
  readonly baseUrl?: string;
  readonly healthPath: string;
  readonly tags?: string;
}

/** Runs cucumber over a job in its own process: stdout carries cucumber's messages as NDJSON, stderr the app and step logs. */
export interface CucumberRunner {
  run(job: ScenarioJob, spec: Pick<ProcessSpec, 'cwd' | 'env' | 'timeoutMs' | 'signal' | 'onOutput'>): Promise<ProcessResult>;
}

/** A service started for the scenarios, answering its health path at `url`. */
export interface StartedService {
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly root: string;
  /** generate.scenarios.command: started with PORT set, on 127.0.0.1. */
  readonly command: string;
  readonly healthPath: string;
  readonly startSeconds: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly memoryLimitBytes: number;
  readonly signal?: AbortSignal;
}

/** Starts this run's build of the service on a free loopback port and waits until it is healthy (or throws SCENARIO_RUN_FAILED). */
export interface ServiceLauncher {
  start(options: StartServiceOptions): Promise<StartedService>;
}

/** Everything the scenario use case reaches outside: the project's files, the cucumber child, the service under test. */
export interface ScenarioPorts {
  readonly fs: FileSystem;
  readonly cucumber: CucumberRunner;
  readonly services: ServiceLauncher;
}
