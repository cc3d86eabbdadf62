import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { tempDir } from '../../../test/helpers/tmp.js';
import type { PlannedFile } from '../../core/generate/plan.js';
import { applyPlan } from './apply.js';

const files: PlannedFile[] = [
  { path: 'src/generated/a.ts', content: 'export const a = 1;\n', kind: 'generated' },
  { path: 'src/generated/b.ts', content: 'export const b = 2;\n', kind: 'generated' },
  { path: 'src/services/s.ts', content: '// scaffold\n', kind: 'scaffold' },
];

function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** A real file system whose Nth write fails, as a full disk would. */
class FailingFs extends NodeFileSystem {
  writes = 0;
  constructor(private readonly failAt: number) {
    super();
  }
  override async writeAtomic(p: string, data: string | Uint8Array): Promise<void> {
    this.writes += 1;
    if (this.writes === this.failAt) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await super.writeAtomic(p, data);
  }
}

describe('applyPlan', () => {
  it('writes new files, then keeps scaffolds and skips unchanged files', async () => {
    const dir = tempDir();
    expect(await applyPlan(new NodeFileSystem(), dir, files, false)).toEqual({ written: files.map((f) => f.path), kept: [], removed: [] });
    fs.writeFileSync(path.join(dir, 'src/services/s.ts'), '// edited by a person\n');
    expect(await applyPlan(new NodeFileSystem(), dir, files, false)).toEqual({ written: [], kept: files.map((f) => f.path), removed: [] });
    expect(fs.readFileSync(path.join(dir, 'src/services/s.ts'), 'utf8')).toBe('// edited by a person\n');
  });

  it('changes nothing when a write fails half-way: no target touched, no temp file left', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'src/generated'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/generated/a.ts'), 'old a\n');
    await expect(applyPlan(new FailingFs(2), dir, files, false)).rejects.toThrow(/ENOSPC/);
    expect(listing(dir)).toEqual(['src/generated/a.ts']);
    expect(fs.readFileSync(path.join(dir, 'src/generated/a.ts'), 'utf8')).toBe('old a\n');
  });

  it('writes nothing in a dry run', async () => {
    const dir = tempDir();
    expect((await applyPlan(new NodeFileSystem(), dir, files, true)).written).toHaveLength(3);
    expect(listing(dir)).toEqual([]);
  });

  it('refuses paths that leave the root and files replaced by symlinks', async () => {
    const dir = tempDir();
    await expect(applyPlan(new NodeFileSystem(), dir, [{ path: '../x.ts', content: '', kind: 'generated' }], false)).rejects.toMatchObject({ code: 'UNSAFE_OUTPUT_PATH' });
    await expect(applyPlan(new NodeFileSystem(), dir, [{ path: '/etc/x.ts', content: '', kind: 'generated' }], false)).rejects.toMatchObject({ code: 'UNSAFE_OUTPUT_PATH' });
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'target'), 'precious\n');
    fs.symlinkSync(path.join(outside, 'target'), path.join(dir, 'link.ts'));
    await expect(applyPlan(new NodeFileSystem(), dir, [{ path: 'link.ts', content: 'x', kind: 'generated' }], false)).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_FILE' });
    expect(fs.readFileSync(path.join(outside, 'target'), 'utf8')).toBe('precious\n');
  });
});
