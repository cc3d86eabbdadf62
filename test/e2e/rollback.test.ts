// `specgate rollback`: staging goes back to the release that served before, health-checked first,
// without a failed request on the way.
import { afterEach, describe, expect, it } from 'vitest';
import { addRun, cleanup, livePids, makeProject, poll, type TestProject } from '../fixtures/deploy/harness.js';
import { deployReportErrors } from '../fixtures/deploy/schema.js';

const V1 = '20260101000000';
const V2 = '20260101000100';

let project: TestProject | undefined;
afterEach(async () => {
  if (project) await cleanup(project.root);
  project = undefined;
});

describe('specgate rollback', () => {
  it('switches back to the previous release with no failed request, and back again', async () => {
    project = await makeProject({ health: '{ intervalSeconds: 0.2, healthyWithinSeconds: 3, stableSeconds: 0.5 }' });
    addRun(project.root, V1, 'healthy');
    expect((await project.cli(['deploy', V1])).code).toBe(0);
    addRun(project.root, V2, 'healthy');
    expect((await project.cli(['deploy', V2])).code).toBe(0);
    const again = await project.cli(['deploy', V2]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`run ${V2} already serves staging`);

    const poller = poll(project.url);
    const back = await project.cli(['rollback', '--json']);
    await new Promise((r) => setTimeout(r, 500));
    const polled = await poller.stop();
    expect(back.code, back.stderr).toBe(0);
    const report = JSON.parse(back.stdout);
    expect(deployReportErrors(report)).toEqual([]);
    expect(report).toMatchObject({ success: true, previous: { releaseId: V2 }, final: { state: 'serving-new-release', serving: { releaseId: V1 } } });
    expect(polled.failures).toEqual([]);
    expect(polled.releases).toEqual([V2, V1]);

    const status = JSON.parse((await project.cli(['status', '--json'])).stdout);
    expect(status).toMatchObject({ state: 'serving', healthy: true, serving: { releaseId: V1 }, previous: { releaseId: V2 } });

    // Rolling back again returns to V2: rollback always targets what served before.
    expect((await project.cli(['rollback'])).code).toBe(0);
    expect((await fetch(`${project.url}/healthz`)).headers.get('x-specgate-release')).toBe(V2);
  });

  it('says clearly when there is nothing to roll back to', async () => {
    project = await makeProject();
    const result = await project.cli(['rollback']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NOTHING_TO_ROLL_BACK');
    expect(result.stderr).toContain('hint:');
    expect(livePids(project.root)).toEqual([]);
  });
});
