// The cached verification verdict must follow the evidence: unchanged evidence is served from the
// cache, and any edit — including one whose mtime is reset afterwards, or a file swapped in by
// rename — makes the next view verify again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeStamp } from '../adapters/evidence/change-stamp.js';
import { tempDir } from '../../test/helpers/tmp.js';
import { VerdictCache } from './verdict-cache.js';

function runDir(): string {
  const dir = path.join(tempDir(), 'run');
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{"status":"success"}');
  fs.writeFileSync(path.join(dir, 'sbom.cyclonedx.json'), '{"components":[1]}');
  fs.writeFileSync(path.join(dir, 'logs', 'test.log'), 'ok\n');
  return dir;
}

async function counting(dir: string) {
  const cache = new VerdictCache<number>();
  let computed = 0;
  const view = () => cache.get('run', () => changeStamp({ dirs: [dir], hashed: [path.join(dir, 'manifest.json')] }), () => Promise.resolve(++computed));
  await view();
  return { view, computed: () => computed };
}

describe('verdict cache', () => {
  it('serves unchanged evidence from the cache', async () => {
    const dir = runDir();
    const c = await counting(dir);
    await c.view();
    await c.view();
    expect(c.computed()).toBe(1);
  });

  it('verifies again after an edit whose mtime was reset (same size)', async () => {
    const dir = runDir();
    const file = path.join(dir, 'sbom.cyclonedx.json');
    // A whole-second mtime, so resetting it restores it exactly.
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const before = fs.statSync(file);
    const c = await counting(dir);
    fs.writeFileSync(file, '{"components":[2]}');
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.statSync(file).size).toBe(before.size);
    await c.view();
    expect(c.computed()).toBe(2);
  });

  it('verifies again when a file is replaced by rename, added in a subfolder or removed', async () => {
    const dir = runDir();
    const c = await counting(dir);
    const swap = path.join(dir, '.swap');
    fs.writeFileSync(swap, 'ok\n');
    fs.renameSync(swap, path.join(dir, 'logs', 'test.log'));
    await c.view();
    expect(c.computed()).toBe(2);
    fs.writeFileSync(path.join(dir, 'logs', 'extra.log'), '');
    await c.view();
    expect(c.computed()).toBe(3);
    fs.rmSync(path.join(dir, 'logs', 'extra.log'));
    await c.view();
    expect(c.computed()).toBe(4);
  });

  it('does not keep a failed verification', async () => {
    const cache = new VerdictCache<number>();
    let calls = 0;
    const stamp = () => Promise.resolve('same');
    await expect(cache.get('k', stamp, () => Promise.reject(new Error(`boom ${++calls}`)))).rejects.toThrow('boom 1');
    await expect(cache.get('k', stamp, () => Promise.resolve(++calls))).resolves.toBe(2);
  });
});
