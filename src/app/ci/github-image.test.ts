// The exported workflow pushes the run image right after the job that builds it, with registry
// credentials only in that step's env; other jobs have no image step.
import { describe, expect, it } from 'vitest';
import { githubWorkflow } from './github.js';

type Step = { name: string; run?: string; env?: Record<string, string> };

describe('GitHub export: image push step', () => {
  it('only the build job pushes the image, after its specgate step, by the run id', () => {
    const wf = githubWorkflow({ projectDir: '.', reportsDir: 'reports', version: '0.0.0-test' }) as { jobs: Record<string, { steps: Step[] }>; on: { workflow_call: { inputs: Record<string, unknown> } } };
    const withStep = Object.entries(wf.jobs).filter(([, job]) => job.steps.some((s) => s.name === 'Push the image (skopeo)')).map(([id]) => id);
    expect(withStep).toEqual(['build']);
    const steps = wf.jobs.build!.steps;
    const at = steps.findIndex((s) => s.name === 'Push the image (skopeo)');
    expect(steps[at - 1]?.name).toBe('specgate generate + build');
    expect(steps[at]?.env).toMatchObject({ SPECGATE_RUN_ID: '${{ needs.validate.outputs.run-id }}', REGISTRY_PASSWORD: '${{ secrets.SPECGATE_REGISTRY_PASSWORD }}' });
    expect(steps[at]?.run).not.toMatch(/secrets\\.|--dest-creds|REGISTRY_PASSWORD"? *docker/);
    expect(wf.on.workflow_call.inputs['image-repository']).toBeDefined();
  });
});
