// The CucumberRunner port for Node: the job goes to ./cucumber-child.js on stdin, run by this
// Node binary through the ProcessRunner (own process group, timeout, abort).
import { fileURLToPath } from 'node:url';
import type { ProcessRunner } from '../../core/ports.js';
import type { CucumberRunner } from '../../core/scenarios/ports.js';

const CHILD = fileURLToPath(new URL('./cucumber-child.js', import.meta.url));

export function nodeCucumberRunner(processes: ProcessRunner): CucumberRunner {
  return {
    run: (job, spec) => processes.run({ ...spec, command: process.execPath, args: [CHILD], input: JSON.stringify(job) }),
  };
}
