// `specgate status` and `stop` when staging is not running: plain answers, no process started.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, livePids, makeProject, type TestProject } from '../fixtures/deploy/harness.js';

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

describe('specgate status / stop without staging', () => {
  it('reports "not running" (exit 1) and stop is a no-op', async () => {
    project = await makeProject();
    const status = await project.cli(['status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('staging is not running: nothing serving');
    const json = JSON.parse((await project.cli(['status', '--json'])).stdout);
    expect(json).toMatchObject({ state: 'stopped', healthy: false, serving: null, supervisor: null });
    const stop = await project.cli(['stop']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('staging was not running');
    expect(livePids(project.root)).toEqual([]);
  });
});
