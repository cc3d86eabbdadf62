import { describe, expect, it } from 'vitest';
import { checkReleaseEntry, isInside } from './release-entry.js';

describe('checkReleaseEntry', () => {
  it.each([
    ['server.mjs', 'file', 'server.mjs'],
    ['./dist/app.js', 'file', 'dist/app.js'],
    ['dist/', 'directory', 'dist'],
    ['./', 'directory', '.'],
  ] as const)('accepts %s', (name, kind, normal) => {
    expect(checkReleaseEntry(name, kind)).toEqual({ ok: true, path: normal });
  });

  it.each([
    ['/etc/passwd', 'file', 'absolute path'],
    ['../outside.txt', 'file', "'..'"],
    ['dist/../../x', 'file', "'..'"],
    ['dev/null', 'other', 'special file'],
    ['hard', 'hardlink', 'hard link'],
  ] as const)('refuses %s', (name, kind, why) => {
    const check = checkReleaseEntry(name, kind, 'x');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain(why);
  });

  it('accepts symlinks that stay inside and refuses those that point out', () => {
    expect(checkReleaseEntry('dist/current', 'symlink', '../lib')).toEqual({ ok: true, path: 'dist/current' });
    expect(checkReleaseEntry('dist/up', 'symlink', '../../etc').ok).toBe(false);
    expect(checkReleaseEntry('abs', 'symlink', '/etc/passwd').ok).toBe(false);
    expect(checkReleaseEntry('empty', 'symlink', '').ok).toBe(false);
  });

  it('isInside compares resolved paths', () => {
    expect(isInside('/r', '/r/a/b')).toBe(true);
    expect(isInside('/r', '/r')).toBe(true);
    expect(isInside('/r', '/rx')).toBe(false);
    expect(isInside('/r', '/')).toBe(false);
  });
});
