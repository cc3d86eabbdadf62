// Release installation against real archives: GNU tar's output for the good cases, and hand-made
// ustar archives for the hostile ones an honest tar tool would not produce.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.js';
import { installRelease, readTarGz } from './tar.js';

/** One ustar entry: header block plus data padded to 512 bytes. */
function ustar(name: string, type: '0' | '2' | '5' | '1' | '3', data = '', link = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${Buffer.byteLength(data).toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write(type, 156);
  header.write(link, 157, 100);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(data) / 512) * 512);
  body.write(data);
  return Buffer.concat([header, body]);
}

function archive(dir: string, ...entries: Buffer[]): string {
  const file = path.join(dir, 'release.tar.gz');
  fs.writeFileSync(file, gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)])));
  return file;
}

describe('installRelease', () => {
  it('installs what GNU tar packed: files, folders, modes and inside symlinks', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'src');
    fs.mkdirSync(path.join(src, 'dist/lib'), { recursive: true });
    fs.writeFileSync(path.join(src, 'dist/lib/app.js'), 'console.log(1)\n');
    fs.writeFileSync(path.join(src, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync('dist/lib', path.join(src, 'current'));
    fs.writeFileSync(path.join(src, `${'long-name-'.repeat(12)}.txt`), 'long\n');
    execFileSync('tar', ['-czf', path.join(dir, 'release.tar.gz'), '-C', src, '.']);
    const dest = path.join(dir, 'releases', 'r1');
    fs.mkdirSync(path.dirname(dest));
    const files = await installRelease(path.join(dir, 'release.tar.gz'), dest);
    expect(files).toBe(3);
    expect(fs.readFileSync(path.join(dest, 'current/app.js'), 'utf8')).toBe('console.log(1)\n');
    expect(fs.statSync(path.join(dest, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(path.join(dest, `${'long-name-'.repeat(12)}.txt`), 'utf8')).toBe('long\n');
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['r1']);
  });

  it.each([
    ['an absolute path', [ustar('/tmp/evil', '0', 'x')], 'absolute path'],
    ['a .. entry', [ustar('../evil', '0', 'x')], "'..'"],
    ['a symlink pointing out', [ustar('out', '2', '', '../../etc')], 'pointing out'],
    ['an absolute symlink', [ustar('passwd', '2', '', '/etc/passwd')], 'absolute path'],
    ['a write through a symlink', [ustar('sub', '5'), ustar('link', '2', '', 'sub'), ustar('link/x', '0', 'x')], 'through a symlink'],
    ['a chain of links that resolves outside', [ustar('sub', '5'), ustar('sub/d', '2', '', '..'), ustar('a', '2', '', 'sub/d/..')], 'resolves outside'],
    ['a dangling symlink', [ustar('gone', '2', '', 'nothing-here')], 'points to nothing'],
    ['a hard link', [ustar('f', '0', 'x'), ustar('h', '1', '', 'f')], 'hard link'],
    ['a device', [ustar('dev', '3')], 'special file'],
  ])('refuses %s and leaves nothing behind', async (_what, entries, why) => {
    const dir = tempDir();
    const file = archive(dir, ...entries);
    const dest = path.join(dir, 'releases', 'r1');
    fs.mkdirSync(path.dirname(dest));
    await expect(installRelease(file, dest)).rejects.toMatchObject({ code: 'RELEASE_UNSAFE', message: expect.stringContaining(why) });
    expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'tmp', 'evil'))).toBe(false);
  });

  it('names damaged archives as corrupt', () => {
    expect(() => readTarGz(Buffer.from('not gzip'), 'r.tar.gz')).toThrow(expect.objectContaining({ code: 'RELEASE_CORRUPT' }));
    const entry = ustar('a', '0', 'x');
    entry[0] = 0x62; // name changed after the checksum was computed
    expect(() => readTarGz(gzipSync(Buffer.concat([entry, Buffer.alloc(1024)])), 'r.tar.gz')).toThrow(/checksum/);
    expect(() => readTarGz(gzipSync(ustar('a', '0', 'x'.repeat(600)).subarray(0, 700)), 'r.tar.gz')).toThrow(/truncated/);
  });

  it('applies pax long names', () => {
    const long = `${'d'.repeat(150)}/file.txt`;
    const record = ` path=${long}\n`;
    const len = String(record.length + String(record.length).length);
    const pax = ustar('PaxHeader', 'x' as '0', `${len}${record}`);
    const entries = readTarGz(gzipSync(Buffer.concat([pax, ustar('short', '0', 'hi'), Buffer.alloc(1024)])), 'r.tar.gz');
    expect(entries.map((e) => e.name)).toEqual([long]);
  });
});
