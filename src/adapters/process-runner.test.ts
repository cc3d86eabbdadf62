// NodeProcessRunner against real child processes: output, input, exit codes, and that a timeout or
// an abort stops the whole process group, grandchildren included.
import { describe, expect, it } from 'vitest';
import { NodeProcessRunner } from './process-runner.js';

const runner = new NodeProcessRunner();

describe('NodeProcessRunner', () => {
  it('collects stdout and stderr, forwards each chunk, feeds stdin and reports the exit code', async () => {
    const chunks: string[] = [];
    const r = await runner.run({ command: 'cat; echo oops >&2; exit 3', shell: true, cwd: '/', input: 'hello', onOutput: (c, s) => chunks.push(`${s}:${c}`) });
    expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: 'hello', stderr: 'oops\n', timedOut: false, aborted: false });
    expect(chunks.join('')).toContain('stdout:hello');
    expect(chunks.join('')).toContain('stderr:oops');
  });

  it('a timeout terminates the group: the leader and the grandchild it spawned', async () => {
    // The grandchild would hold stdout open for 30 s; the run only ends when the group is gone.
    const r = await runner.run({ command: 'sleep 30 & sleep 30; wait', shell: true, cwd: '/', timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGTERM');
  });

  it('an abort signal (even one already aborted) stops the child and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runner.run({ command: 'sleep', args: ['30'], cwd: '/', signal: controller.signal });
    expect(r).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
  });

  it('rejects when the command cannot be started', async () => {
    await expect(runner.run({ command: '/nonexistent/specgate-test-binary', cwd: '/' })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
