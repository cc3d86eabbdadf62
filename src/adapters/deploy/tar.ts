// Installs a release from release.tar.gz: a small, strict reader of ustar/pax/GNU tar. Entry names
// are attacker-controlled (parse defensively): every entry goes through checkReleaseEntry, nothing is
// ever written through a symlink, and after extraction every symlink must resolve inside the release.
// Extraction goes to a temp sibling that is renamed into place, so a release is there whole or not at all.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DeployError } from '../../core/deploy/errors.js';
import { checkReleaseEntry, isInside, type EntryKind } from '../../core/deploy/release-entry.js';

export interface TarEntry {
  readonly name: string;
  readonly kind: EntryKind;
  readonly mode: number;
  readonly linkTarget?: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;
const MAX_UNPACKED = 1024 * 1024 * 1024;

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number, what: string, archive: string): number {
  const raw = block.subarray(offset, offset + length);
  // GNU base-256 for sizes past 8 GiB: high bit of the first byte set.
  if ((raw[0] ?? 0) & 0x80) throw new DeployError('RELEASE_CORRUPT', `${archive}: entry ${what} too large for a release`, { path: archive });
  const text = field(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new DeployError('RELEASE_CORRUPT', `${archive}: bad octal ${what} '${text}' in a tar header`, { path: archive, hint: 'rebuild the release (specgate run) and deploy again' });
  return parseInt(text, 8);
}

function kindOf(type: string): EntryKind {
  if (type === '0' || type === '' || type === '7') return 'file';
  if (type === '5') return 'directory';
  if (type === '2') return 'symlink';
  if (type === '1') return 'hardlink';
  return 'other';
}

function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const len = parseInt(data.subarray(at, space).toString('utf8'), 10);
    if (!Number.isInteger(len) || len <= 0 || at + len > data.length) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

/** Parses a gzip'd tar archive into entries (pax and GNU long names applied). */
export function readTarGz(bytes: Uint8Array, archive: string): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED });
  } catch (error) {
    throw new DeployError('RELEASE_CORRUPT', `${archive} is not a readable gzip file`, { path: archive, cause: error, hint: 'rebuild the release (specgate run) and deploy again' });
  }
  return readTar(tar, archive);
}

/** Parses an uncompressed tar stream (also an oci-archive or docker-archive image). */
export function readTar(tar: Buffer, archive: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const stored = octal(header, 148, 8, 'checksum', archive);
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    if (sum !== stored) throw new DeployError('RELEASE_CORRUPT', `${archive}: tar header checksum mismatch at byte ${at}`, { path: archive, hint: 'the archive is damaged; rebuild it' });
    const size = octal(header, 124, 12, 'size', archive);
    const type = field(header, 156, 1);
    const dataStart = at + BLOCK;
    if (dataStart + size > tar.length) throw new DeployError('RELEASE_CORRUPT', `${archive}: truncated tar entry at byte ${at}`, { path: archive, hint: 'the archive is damaged; rebuild it' });
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = field(data, 0, data.length);
      continue;
    }
    const prefix = field(header, 345, 155);
    const baseName = field(header, 0, 100);
    const name = pax.get('path') ?? longName ?? (prefix === '' ? baseName : `${prefix}/${baseName}`);
    const linkTarget = pax.get('linkpath') ?? longLink ?? field(header, 157, 100);
    const kind = kindOf(type);
    entries.push({ name, kind, mode: octal(header, 100, 8, 'mode', archive), ...(kind === 'symlink' || kind === 'hardlink' ? { linkTarget } : {}), data });
    pax = new Map();
    longName = undefined;
    longLink = undefined;
  }
  return entries;
}

/** Extracts `archive` into `dest` (which must not exist yet), atomically. Returns the file count. */
export async function installRelease(archive: string, dest: string): Promise<number> {
  const entries = readTarGz(await fsp.readFile(archive), archive);
  const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(6).toString('hex')}.tmp`);
  await fsp.mkdir(temp, { recursive: false, mode: 0o755 });
  const symlinks: string[] = [];
  try {
    for (const entry of entries) {
      const check = checkReleaseEntry(entry.name, entry.kind, entry.linkTarget);
      if (!check.ok) {
        throw new DeployError('RELEASE_UNSAFE', `${archive}: refusing entry '${entry.name}': ${check.reason}`, {
          path: archive,
          hint: 'a release may hold only files, directories and relative symlinks inside it; fix the build output and rebuild',
        });
      }
      if (check.path === '.') continue;
      // Never write through a link extracted earlier: that is how archives escape their folder.
      if (symlinks.some((link) => check.path.startsWith(`${link}/`) || check.path === link)) {
        throw new DeployError('RELEASE_UNSAFE', `${archive}: refusing entry '${entry.name}': it would be written through a symlink`, { path: archive });
      }
      const target = path.join(temp, check.path);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      if (entry.kind === 'directory') await fsp.mkdir(target, { recursive: true });
      else if (entry.kind === 'symlink') {
        await fsp.symlink(entry.linkTarget ?? '', target);
        symlinks.push(check.path);
      } else await fsp.writeFile(target, entry.data, { mode: entry.mode & 0o755 || 0o644, flag: 'wx' });
    }
    // Links may chain through each other; only the kernel's resolution is the truth.
    const root = await fsp.realpath(temp);
    for (const link of symlinks) {
      const resolved = await fsp.realpath(path.join(temp, link)).catch(() => undefined);
      if (resolved === undefined || !isInside(root, resolved)) {
        throw new DeployError('RELEASE_UNSAFE', `${archive}: refusing symlink '${link}': it ${resolved === undefined ? 'points to nothing in the release' : 'resolves outside the release'}`, { path: archive });
      }
    }
    await fsp.rename(temp, dest);
  } catch (error) {
    await fsp.rm(temp, { recursive: true, force: true });
    throw error;
  }
  return entries.filter((e) => e.kind === 'file').length;
}
