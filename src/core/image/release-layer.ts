// The release as one image layer: every release.tar.gz entry re-rooted under the working directory,
// checked like a deploy would check it, sorted by name bytes, with parent directories made explicit,
// written by the deterministic tar writer and gzip'd with a fixed header.
import { checkReleaseEntry, type EntryKind } from '../deploy/release-entry.js';
import { ImageError } from './errors.js';
import { gzipLayer, sha256Digest } from './oci.js';
import { writeTar, type LayerEntry } from './tar-writer.js';

export interface ReleaseFile {
  readonly name: string;
  readonly kind: EntryKind;
  readonly mode: number;
  readonly linkTarget?: string;
  readonly data: Uint8Array;
}

export interface ReleaseLayer {
  readonly tar: Buffer;
  readonly gzip: Buffer;
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  readonly diffId: string;
  readonly files: number;
}

const byNameBytes = (a: LayerEntry, b: LayerEntry): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));

/** `/app/srv` → ['app', 'app/srv']: the directories a layer must carry for the path to exist. */
function parents(dir: string): string[] {
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function releaseLayer(files: readonly ReleaseFile[], workdir: string, mtime: number): ReleaseLayer {
  const root = parents(workdir).at(-1) ?? '';
  const entries = new Map<string, LayerEntry>();
  for (const dir of parents(workdir)) entries.set(dir, { name: dir, kind: 'directory', mode: 0o755 });
  for (const file of files) {
    const check = checkReleaseEntry(file.name, file.kind, file.linkTarget);
    if (!check.ok) throw new ImageError('BASE_CORRUPT', `release.tar.gz: refusing entry '${file.name}' for the image layer: ${check.reason}`, { hint: 'fix the build output and rebuild' });
    if (check.path === '.') continue;
    const name = root === '' ? check.path : `${root}/${check.path}`;
    for (const dir of parents(name).slice(0, -1)) if (!entries.has(dir)) entries.set(dir, { name: dir, kind: 'directory', mode: 0o755 });
    const kind = file.kind as LayerEntry['kind'];
    entries.set(name, { name, kind, mode: file.mode, ...(kind === 'file' ? { data: file.data } : {}), ...(file.linkTarget === undefined || kind !== 'symlink' ? {} : { linkTarget: file.linkTarget }) });
  }
  const tar = writeTar([...entries.values()].sort(byNameBytes), mtime);
  return { tar, gzip: gzipLayer(tar), diffId: sha256Digest(tar), files: files.filter((f) => f.kind === 'file').length };
}
