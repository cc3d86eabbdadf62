// The scenarios' composition: the Node cucumber child, the service launcher and the streamed
// command logs, wired into the validate stage (through src/cli/compose.ts's stage adapters), into
// `specgate generate --scenarios`, and into the library's runScenarios (src/index.ts).
import { openNodeLogFile } from '../adapters/log-file.js';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { NodeProcessRunner } from '../adapters/process-runner.js';
import { nodeCucumberRunner } from '../adapters/scenarios/cucumber-runner.js';
import { nodeServiceLauncher } from '../adapters/scenarios/service-under-test.js';
import type { ProcessRunner } from '../core/ports.js';
import type { ScenarioPorts } from '../core/scenarios/ports.js';
import { runScenarios as runScenariosWith, type RunScenariosOptions, type RunScenariosResult } from '../app/scenarios/run-scenarios.js';
import type { ValidateStagePorts } from '../app/stages/ports.js';

/** The cucumber child (run through `processes`) and the service launcher; the caller adds its FileSystem. */
export function nodeScenarioRunner(processes: ProcessRunner = new NodeProcessRunner()): Omit<ScenarioPorts, 'fs'> {
  return { cucumber: nodeCucumberRunner(processes), services: nodeServiceLauncher };
}

/** What the validate stage reaches beyond its StageContext. */
export const validateStageAdapters: ValidateStagePorts = { openLog: openNodeLogFile, scenarios: nodeScenarioRunner() };

export type NodeRunScenariosOptions = Omit<RunScenariosOptions, 'ports' | 'env'> & {
  /** Default: this process's environment (specgate's signing secrets are removed before the runner sees it). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: Node's processes. */
  readonly processes?: ProcessRunner;
};

/** runScenarios with the Node ports: the library entry point (src/index.ts) and the e2e tests. */
export function runScenarios(options: NodeRunScenariosOptions): Promise<RunScenariosResult> {
  const { processes, env, ...rest } = options;
  return runScenariosWith({ ...rest, env: env ?? process.env, ports: { ...nodeScenarioRunner(processes), fs: new NodeFileSystem() } });
}
