// Pulling into a folder: a pull killed mid-write leaves a hidden staging folder; the next pull of
// that run removes it when its writer is gone, and leaves alone one whose writer may still run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { currentProcess } from '../evidence/process-identity.js';
import { writeRunFolder } from './run-folder.js';

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('writeRunFolder', () => {
  it('removes the staging folders of killed pulls of the run, keeps live or unknowable ones, and leaves none of its own', async () => {
    const parent = tempDir();
    const dead = deadPid();
    const me = currentProcess();
    const stale = [`.20260101100000.pull-${dead}`, `.20260101100000.pull-${dead}-${encodeURIComponent('x:1')}@${encodeURIComponent(hostname())}`];
    const kept = [
      `.20260101100000.pull-${me.pid}-${encodeURIComponent(me.startTime)}@${encodeURIComponent(me.hostname)}-other`,
      `.20260101100000.pull-${dead}-x@another-host`,
      `.20260101100000-1.pull-${dead}`,
    ];
    for (const name of [...stale, ...kept]) fs.mkdirSync(path.join(parent, name, 'sub'), { recursive: true });
    // A live writer: this very process, as another pull of the same run would name itself.
    const live = `.20260101100000.pull-${me.pid}-${encodeURIComponent(me.startTime)}@${encodeURIComponent(me.hostname)}`;
    fs.mkdirSync(path.join(parent, live));
    fs.writeFileSync(path.join(parent, live, 'partial'), 'x');

    await writeRunFolder(path.join(parent, '20260101100000'), new Map([['manifest.json', Buffer.from('{}')], ['a/b.txt', Buffer.from('b')]]));

    expect(fs.readFileSync(path.join(parent, '20260101100000', 'a/b.txt'), 'utf8')).toBe('b');
    const left = fs.readdirSync(parent).sort();
    for (const name of stale) expect(left).not.toContain(name);
    // Its own staging folder (same name as `live`) became the run folder; the others stay.
    expect(left).toEqual(['20260101100000', ...kept].sort());
  });
});
