// The files the ledger anchor check reads (anchor-check.ts): run folders, manifests and heads read
// with a size cap, their detached signatures checked with the trusted or the run's own key.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { decodeSignature, parsePublicKey, SIGNATURE_SUFFIX, verifySignature } from '../../core/security/signature.js';

/** Files larger than this are not manifests or heads specgate wrote: refuse to read them. */
const MAX_EVIDENCE_BYTES = 16 << 20;

export async function readBounded(fs: FileSystem, file: string): Promise<Uint8Array | undefined> {
  const info = await fs.lstat(file);
  if (info?.kind !== 'file' || info.size > MAX_EVIDENCE_BYTES) return undefined;
  return fs.readFile(file).catch(() => undefined);
}

export async function children(fs: FileSystem, dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter(keep).sort();
}

/** Run folders under reports/<sha>/ and reports/archive/<date>/<sha>/. */
export async function runDirs(fs: FileSystem, reportsDir: string): Promise<string[]> {
  const dirs: string[] = [];
  const collect = async (base: string): Promise<void> => {
    for (const sha of await children(fs, base, isFeatureSha)) {
      for (const id of await children(fs, path.join(base, sha), isRunId)) dirs.push(path.join(base, sha, id));
    }
  };
  await collect(reportsDir);
  const archive = path.join(reportsDir, 'archive');
  for (const day of await children(fs, archive, (n) => /^\d{8}$/.test(n))) await collect(path.join(archive, day));
  return dirs;
}

/** 'valid', 'invalid', or 'absent' when there is no .sig or no key to check it with. */
export async function signatureState(fs: FileSystem, file: string, data: Uint8Array, key: KeyObject | undefined): Promise<'valid' | 'invalid' | 'absent'> {
  const sig = await readBounded(fs, `${file}${SIGNATURE_SUFFIX}`);
  if (sig === undefined || key === undefined) return 'absent';
  try {
    return verifySignature(key, data, decodeSignature(Buffer.from(sig).toString('utf8'), `${file}${SIGNATURE_SUFFIX}`)) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function keyOf(pem: string | undefined): KeyObject | undefined {
  if (pem === undefined) return undefined;
  try {
    return parsePublicKey(pem);
  } catch {
    return undefined;
  }
}
